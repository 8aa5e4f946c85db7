# JupyterLab settings for the course: nothing reaches outside this machine.
# Used by `make lab` (and the browser tests) through --config.
from pathlib import Path

c = get_config()  # noqa: F821  (provided by traitlets when the file is loaded)

c.LabApp.news_url = None  # no news feed
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
c.LabApp.extension_manager = "readonly"  # list installed extensions, never query PyPI
c.ServerApp.open_browser = False
# Default settings for the course: fetchNews "false" (not the default "none", which
# asks every new student whether to fetch news from the internet).
c.LabApp.app_settings_dir = str(Path(__file__).with_name("lab-settings"))
