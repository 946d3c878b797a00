"""LibreOffice as the docx tests run it: headless, with a private profile, and with the project's
pinned fonts only (Times New Roman -> fonts-liberation2's Liberation Serif, no other font to fall
back on), so that what it renders can be held to the same checks as vanban's own PDFs."""
import os
import subprocess

from letter_checks import SRC


def soffice(args, d, timeout=600):
    """One `soffice --headless` run with `args`; its profile and font cache live under `d`."""
    env = dict(os.environ, FONTCONFIG_FILE=os.path.join(SRC, "fonts", "fonts.conf"),
               XDG_CACHE_HOME=os.path.join(d, "cache"), HOME=d)
    return subprocess.run(["soffice", "-env:UserInstallation=file://" + os.path.join(d, "profile"),
                           "--headless", "--norestore", *args], env=env, capture_output=True,
                          text=True, timeout=timeout)
