from . import surat_letter_dispose
from . import surat_letter_share_wizard
