from . import surat_letter_dispose
