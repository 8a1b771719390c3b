# Sourced by .ci/run and bench/run: start_throwaway_pg starts a PostgreSQL server for this run
# and exports KEFU_TEST_PG, an address of it whose user may create databases. initdb runs as
# the unprivileged postgres user (the server refuses to run as root) into a temporary
# directory, the server listens on a free localhost port with trust authentication (one role,
# kefu_pw, must give its password: the wrong-password test), and a trap stops and removes it
# on any exit. Where initdb is missing, Debian's postgresql package is installed.
start_throwaway_pg() {
	pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	if [ -z "$pgbin" ]; then
		apt-get install -y postgresql >/dev/null || { apt-get update >/dev/null && apt-get install -y postgresql >/dev/null; }
		pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
	fi
	pgdir=$(mktemp -d /tmp/kefu-pg.XXXXXX)
	if [ "$(id -u)" = 0 ]; then chown postgres "$pgdir"; fi
	pgport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	trap stop_throwaway_pg EXIT
	as_pg "$pgbin/initdb" -D "$pgdir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
	as_pg sh -c "{ echo 'host all kefu_pw 127.0.0.1/32 scram-sha-256'; cat '$pgdir/data/pg_hba.conf'; } > '$pgdir/hba' && mv '$pgdir/hba' '$pgdir/data/pg_hba.conf'"
	as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
		-o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 -c max_connections=200 ${PG_OPTIONS:-}" start >/dev/null
	export KEFU_TEST_PG="postgres://postgres@127.0.0.1:$pgport/postgres?sslmode=disable"
	# The test that kills the server mid-import restarts it with this script.
	cat >"$pgdir/kill-and-restart" <<-SCRIPT
		#!/bin/sh
		as() { if [ "\$(id -u)" = 0 ]; then runuser -u postgres -- "\$@"; else "\$@"; fi; }
		as "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null
		as "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
			-o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 -c max_connections=200 ${PG_OPTIONS:-}" start >/dev/null
	SCRIPT
	chmod +x "$pgdir/kill-and-restart"
	export KEFU_TEST_PG_RESTART="$pgdir/kill-and-restart"
}

# start_throwaway_pgbouncer (after start_throwaway_pg) puts PgBouncer in front of that server,
# in session pooling (a finished command's server session is kept and handed, reset, to the
# next one) on another free port, and exports KEFU_TEST_PGBOUNCER, the server's address through
# it. Its start-up parameters are PgBouncer's defaults, so kefu's jit setting is refused there
# and kefu goes on without it; arguments are more lines for its [pgbouncer] section (bench/run:
# ignore_startup_parameters = jit). Where pgbouncer is missing, Debian's package is installed.
# It is stopped with the server.
start_throwaway_pgbouncer() {
	local pgb port
	pgb=$(command -v pgbouncer || ls /usr/sbin/pgbouncer 2>/dev/null || true)
	if [ -z "$pgb" ]; then
		apt-get install -y pgbouncer >/dev/null || { apt-get update >/dev/null && apt-get install -y pgbouncer >/dev/null; }
		pgb=/usr/sbin/pgbouncer
	fi
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	as_pg sh -c "echo '\"postgres\" \"\"' > '$pgdir/pgbouncer.users'"
	as_pg sh -c "cat > '$pgdir/pgbouncer.ini'" <<-INI
		[databases]
		* = host=127.0.0.1 port=$pgport
		[pgbouncer]
		listen_addr = 127.0.0.1
		listen_port = $port
		unix_socket_dir =
		auth_type = trust
		auth_file = $pgdir/pgbouncer.users
		pool_mode = session
		max_client_conn = 400
		default_pool_size = 50
		logfile = $pgdir/pgbouncer.log
		pidfile = $pgdir/pgbouncer.pid
		$(printf '%s\n' "$@")
	INI
	as_pg "$pgb" -d "$pgdir/pgbouncer.ini"
	export KEFU_TEST_PGBOUNCER="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
}

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop_throwaway_pg() {
	if [ -f "$pgdir/pgbouncer.pid" ]; then kill "$(cat "$pgdir/pgbouncer.pid")" 2>/dev/null || true; fi
	as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$pgdir"
}
