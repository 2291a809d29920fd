from . import test_org_chart
from . import test_archive
from . import test_retention_import
from . import test_tour_archive
