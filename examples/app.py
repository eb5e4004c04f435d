# A tiny app on the seed's logging set-up (python_logging.py beside this file): in production mode structlog writes
# one JSON line per event to $LOG_DIR/python-starter-kit.log, rotated at 10 MB, which config.alloy tails.
# Usage: LOG_DIR=/tmp/logi-demo/logs python3 examples/app.py [COUNT]
import os
import sys

import structlog

from python_logging import setup_logging

setup_logging(log_dir=os.environ.get("LOG_DIR", "/var/log/app"), env="production")
log = structlog.get_logger("app")
for i in range(int(sys.argv[1]) if len(sys.argv) > 1 else 10):
    if i % 10 == 9:
        log.warning("payment retried", order_id=i, service="payments")
    else:
        log.info("order created", order_id=i, service="orders")
