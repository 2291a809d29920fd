from . import surat_disposition_sheet
from . import surat_agenda_book
from . import surat_monthly_recap
from . import surat_letter_pdf
