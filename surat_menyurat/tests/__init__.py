from . import test_org_chart
