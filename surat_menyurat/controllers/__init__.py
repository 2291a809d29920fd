from . import verify
from . import agency
