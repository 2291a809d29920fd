from . import surat_letter_dispose
from . import surat_archive_filing
from . import surat_archive_hold
from . import surat_retention_import
from . import surat_letter_share_wizard
from . import surat_number_reserve
