from . import test_org_chart
from . import test_incoming
from . import test_disposition
from . import test_working_days
from . import test_disposition_sheet
from . import test_tour_incoming
