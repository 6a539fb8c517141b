#!/usr/bin/env bash
# Local Apache Spark + Delta Lake behind Spark's Thrift server (HiveServer2 protocol), for mdl's
# Spark adapter tests and for `mdl build --target spark` on one machine.
#
#   bash scripts/spark.sh install   # venv with pyspark + Delta jars under .spark/ (idempotent)
#   bash scripts/spark.sh start     # install if needed, start, wait until a query answers
#   bash scripts/spark.sh status    # exit 0 when running and answering
#   bash scripts/spark.sh stop
#
# Everything lives under $MDL_SPARK_DIR (default <repo>/.spark, git-ignored): the Python venv
# holding the pyspark wheel (Spark's jars, including the Thrift server), the Delta jars, the
# warehouse, the Derby metastore, the pid file and the server log. Downloads go through pip and
# Maven, so they use whatever registry configuration the machine has.
#
# Environment: MDL_SPARK_PORT (default 10000), MDL_SPARK_DIR, MDL_SPARK_DRIVER_MEMORY (default 2g),
# MDL_SPARK_START_TIMEOUT seconds (default 240).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SPARK_DIR="${MDL_SPARK_DIR:-$ROOT/.spark}"
PORT="${MDL_SPARK_PORT:-10000}"
HOST=127.0.0.1
DRIVER_MEMORY="${MDL_SPARK_DRIVER_MEMORY:-2g}"
START_TIMEOUT="${MDL_SPARK_START_TIMEOUT:-240}"

# Delta 4.0.x is the line built against Spark 4.0.x (Delta 4.1 moves to Spark 4.1 and renames
# the artifact to delta-spark_4.1_2.13). antlr4-runtime, Delta's only other runtime dependency,
# already ships in pyspark's jars/ at the version Delta wants (4.13.1).
PYSPARK_VERSION=4.0.5
DELTA_VERSION=4.0.1

VENV="$SPARK_DIR/venv"
JARS_DIR="$SPARK_DIR/jars"
PID_FILE="$SPARK_DIR/thriftserver.pid"
LOG_DIR="$SPARK_DIR/logs"
LOG_FILE="$LOG_DIR/thriftserver.log"

log() { printf '[spark.sh] %s\n' "$*" >&2; }

spark_home() {
  "$VENV/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))'
}

install() {
  mkdir -p "$SPARK_DIR" "$JARS_DIR" "$LOG_DIR"
  if ! "$VENV/bin/python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
    log "installing pyspark $PYSPARK_VERSION into $VENV (about 1 minute)"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet "pyspark==$PYSPARK_VERSION"
  fi
  local home
  home="$(spark_home)"
  if ! ls "$home"/jars/spark-hive-thriftserver_2.13-*.jar >/dev/null 2>&1; then
    log "error: $home/jars has no spark-hive-thriftserver jar; this pyspark build cannot run the Thrift server"
    exit 1
  fi
  local artifact
  for artifact in delta-spark_2.13 delta-storage; do
    if [ ! -s "$JARS_DIR/$artifact-$DELTA_VERSION.jar" ]; then
      log "fetching io.delta:$artifact:$DELTA_VERSION"
      if ! mvn -q -B -Dstyle.color=never dependency:copy "-Dartifact=io.delta:$artifact:$DELTA_VERSION" \
        "-DoutputDirectory=$JARS_DIR" >"$LOG_DIR/mvn.log" 2>&1; then
        tail -n 30 "$LOG_DIR/mvn.log" >&2
        log "error: could not fetch io.delta:$artifact:$DELTA_VERSION from Maven Central (log: $LOG_DIR/mvn.log)"
        exit 1
      fi
    fi
  done
}

# The server counts as up only when a real query answers, not when the port opens: the port
# opens before the session catalog (Derby, Delta) is ready.
answers_query() {
  local home
  home="$(spark_home)"
  "$home/bin/beeline" -u "jdbc:hive2://$HOST:$PORT/default" -n mdl -p mdl --silent=true \
    --outputformat=csv2 -e 'select 1 as ok' 2>/dev/null | grep -qx 1
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }

running_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

start() {
  if running_pid >/dev/null && answers_query; then
    log "already running on $HOST:$PORT (pid $(running_pid))"
    return 0
  fi
  if port_open; then
    log "error: port $PORT on $HOST is taken by another process; set MDL_SPARK_PORT"
    exit 1
  fi
  install
  local home jars began
  home="$(spark_home)"
  jars="$JARS_DIR/delta-spark_2.13-$DELTA_VERSION.jar:$JARS_DIR/delta-storage-$DELTA_VERSION.jar"
  mkdir -p "$SPARK_DIR/warehouse" "$LOG_DIR"
  began=$(date +%s)
  log "starting Spark $PYSPARK_VERSION + Delta $DELTA_VERSION Thrift server on $HOST:$PORT"
  # Delta goes on the driver class path, not --jars: Thrift server sessions resolve the catalog
  # plugin through a class loader that does not see --jars ("Cannot find catalog plugin class
  # for catalog 'spark_catalog'"). local mode has no executors, so the driver is enough.
  # Run from SPARK_DIR so stray files (derby.log, spark-warehouse) land in the ignored folder.
  # setsid: the server outlives this script and `stop` can signal it alone.
  (
    cd "$SPARK_DIR"
    SPARK_HOME="$home" SPARK_LOCAL_IP="$HOST" setsid "$home/bin/spark-submit" \
      --class org.apache.spark.sql.hive.thriftserver.HiveThriftServer2 \
      --name mdl-thriftserver \
      --master 'local[2]' \
      --driver-memory "$DRIVER_MEMORY" \
      --driver-class-path "$jars" \
      --conf spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension \
      --conf spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog \
      --conf "spark.sql.warehouse.dir=$SPARK_DIR/warehouse" \
      --conf "spark.hadoop.javax.jdo.option.ConnectionURL=jdbc:derby:;databaseName=$SPARK_DIR/metastore_db;create=true" \
      --conf "spark.driver.extraJavaOptions=-Dderby.system.home=$SPARK_DIR" \
      --conf spark.driver.host=$HOST \
      --conf spark.driver.bindAddress=$HOST \
      --conf spark.ui.enabled=false \
      --conf spark.sql.shuffle.partitions=2 \
      --conf spark.databricks.delta.snapshotPartitions=2 \
      --hiveconf hive.server2.thrift.bind.host=$HOST \
      --hiveconf hive.server2.thrift.port="$PORT" \
      --hiveconf hive.server2.authentication=NONE \
      --hiveconf hive.server2.enable.doAs=false \
      >"$LOG_FILE" 2>&1 </dev/null &
    echo $! >"$PID_FILE"
  )
  local pid
  pid="$(cat "$PID_FILE")"
  while true; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "error: the server exited during start-up; last lines of $LOG_FILE:"
      tail -n 30 "$LOG_FILE" >&2
      exit 1
    fi
    if port_open && answers_query; then break; fi
    if [ $(( $(date +%s) - began )) -ge "$START_TIMEOUT" ]; then
      log "error: no answer on $HOST:$PORT after ${START_TIMEOUT}s; see $LOG_FILE"
      stop
      exit 1
    fi
    sleep 2
  done
  log "ready on $HOST:$PORT after $(( $(date +%s) - began ))s (pid $pid, log $LOG_FILE)"
  log "tests find it through: export MDL_SPARK_HOST=$HOST MDL_SPARK_PORT=$PORT"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  kill "$pid"
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge 30 ]; then
      log "pid $pid still alive after 30s; sending KILL"
      kill -9 "$pid" 2>/dev/null || true
      break
    fi
    sleep 1
    waited=$((waited + 1))
  done
  rm -f "$PID_FILE"
  log "stopped (pid $pid)"
}

status() {
  local pid
  if pid="$(running_pid)" && answers_query; then
    log "running on $HOST:$PORT (pid $pid)"
    return 0
  fi
  log "not running"
  return 1
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "usage: $0 install|start|stop|status" >&2
    exit 2
    ;;
esac
