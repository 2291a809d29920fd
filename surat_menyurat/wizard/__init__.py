from . import surat_letter_dispose
from . import surat_archive_filing
from . import surat_archive_hold
from . import surat_retention_import
