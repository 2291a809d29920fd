from . import test_org_chart
from . import test_classification
from . import test_access_rights
from . import test_install
from . import test_demo_data
from . import test_tour_clerk
