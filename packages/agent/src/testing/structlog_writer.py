# Writes N JSON lines through the seed's python_logging.setup_logging (structlog + RotatingFileHandler),
# with maxBytes lowered so the file rotates often (and backupCount raised when BACKUPS is given, not 0).
# Usage: structlog_writer.py EXAMPLES_DIR LOG_DIR N MAX_BYTES [LINES_PER_SECOND [BACKUPS]]
import sys, time, logging.handlers
sys.path.insert(0, sys.argv[1])
MAX = int(sys.argv[4])
BACKUPS = int(sys.argv[6]) if len(sys.argv) > 6 else 0
_Orig = logging.handlers.RotatingFileHandler
class Small(_Orig):
    def __init__(self, *a, **kw):
        kw['maxBytes'] = MAX
        if BACKUPS:
            kw['backupCount'] = BACKUPS
        super().__init__(*a, **kw)
logging.handlers.RotatingFileHandler = Small
from python_logging import setup_logging
import structlog
setup_logging(log_dir=sys.argv[2], env="production")
log = structlog.get_logger("app")
n = int(sys.argv[3])
rate = int(sys.argv[5]) if len(sys.argv) > 5 else 0
start = time.monotonic()
for i in range(n):
    if rate and i % 1000 == 0:
        ahead = start + i / rate - time.monotonic()
        if ahead > 0:
            time.sleep(ahead)
    if i % 10 == 0:
        log.warning("order failed", id=i, service="orders")
    else:
        log.info("order created", id=i, service="orders")
