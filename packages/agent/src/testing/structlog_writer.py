# Writes N JSON lines through the seed's python_logging.setup_logging (structlog + RotatingFileHandler),
# with maxBytes lowered so the file rotates often. Usage: structlog_writer.py EXAMPLES_DIR LOG_DIR N MAX_BYTES
import sys, logging.handlers
sys.path.insert(0, sys.argv[1])
MAX = int(sys.argv[4])
_Orig = logging.handlers.RotatingFileHandler
class Small(_Orig):
    def __init__(self, *a, **kw):
        kw['maxBytes'] = MAX
        super().__init__(*a, **kw)
logging.handlers.RotatingFileHandler = Small
from python_logging import setup_logging
import structlog
setup_logging(log_dir=sys.argv[2], env="production")
log = structlog.get_logger("app")
n = int(sys.argv[3])
for i in range(n):
    if i % 10 == 0:
        log.warning("order failed", id=i, service="orders")
    else:
        log.info("order created", id=i, service="orders")
