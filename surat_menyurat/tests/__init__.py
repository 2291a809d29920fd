from . import test_org_chart
from . import test_access_policy
from . import test_letter_integrity
