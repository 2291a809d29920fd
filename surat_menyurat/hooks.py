def post_init_hook(env):
    """Load the archive classification codes and their retention for the main company.

    Runs on install only: an upgrade leaves the codes, and the administrators' edits,
    alone.
    """
    env["surat.classification"]._load_default_classifications()
