from . import surat_disposition_sheet
from . import surat_letter_pdf
