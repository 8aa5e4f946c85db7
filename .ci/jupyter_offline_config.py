# JupyterLab settings for the course: nothing reaches outside this machine.
# Used by `make lab` (and the browser tests) through --config.
c = get_config()  # noqa: F821  (provided by traitlets when the file is loaded)

c.LabApp.news_url = None  # no news feed
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
c.LabApp.extension_manager = "readonly"  # list installed extensions, never query PyPI
c.ServerApp.open_browser = False
