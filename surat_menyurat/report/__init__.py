from . import surat_disposition_sheet
