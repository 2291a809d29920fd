from . import test_org_chart
from . import test_outgoing
from . import test_signing
from . import test_verify
from . import test_tour_outgoing
