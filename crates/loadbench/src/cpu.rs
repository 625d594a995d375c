//! CPU time of the server and of this load generator, from `/proc` (Linux), so that the
//! report can say how the shared cores were split and what one request cost each side.

use std::time::Duration;

/// Clock ticks per second of `/proc/*/stat` (`getconf CLK_TCK`; 100 on Linux).
const TICKS_PER_SECOND: f64 = 100.0;

/// User plus system CPU seconds of a process, or `None` when `/proc` does not have it.
fn seconds(pid: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces; the fields after it are plain numbers.
    let after = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / TICKS_PER_SECOND)
}

/// Context switches (voluntary and not) of a process's live threads, summed.
fn switches(pid: &str) -> Option<u64> {
    let mut total = 0;
    for task in std::fs::read_dir(format!("/proc/{pid}/task")).ok()? {
        let Ok(status) = std::fs::read_to_string(task.ok()?.path().join("status")) else {
            continue; // the thread ended meanwhile
        };
        total += status
            .lines()
            .filter(|l| l.contains("ctxt_switches:"))
            .filter_map(|l| l.split(':').nth(1)?.trim().parse::<u64>().ok())
            .sum::<u64>();
    }
    Some(total)
}

/// CPU seconds of every process whose command name is `name`.
fn seconds_named(name: &str) -> Option<f64> {
    let mut total = 0.0;
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let file = entry.file_name();
        let Some(pid) = file
            .to_str()
            .filter(|p| p.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        let comm = stat
            .find('(')
            .zip(stat.rfind(')'))
            .map(|(a, b)| &stat[a + 1..b]);
        if comm == Some(name) {
            total += seconds(pid).unwrap_or(0.0);
        }
    }
    Some(total)
}

/// Which processes to watch besides this one.
#[derive(Debug, Clone, Default)]
pub struct Watch {
    /// The server's pid.
    pub server: Option<u32>,
    /// The command name of the database server's processes.
    pub database: Option<String>,
}

impl Watch {
    /// Reads CPU time of the server, the database processes and this process.
    pub fn read(&self) -> Reading {
        Reading {
            server: self.server.and_then(|pid| seconds(&pid.to_string())),
            own: seconds("self"),
            server_switches: self.server.and_then(|pid| switches(&pid.to_string())),
            database: self.database.as_deref().and_then(seconds_named),
        }
    }
}

/// A reading of the processes' CPU time, and the server's context switches.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reading {
    server: Option<f64>,
    own: Option<f64>,
    server_switches: Option<u64>,
    database: Option<f64>,
}

/// CPU used between two readings over a wall-clock window.
#[derive(Debug, Clone, Copy, Default)]
pub struct Used {
    /// Server CPU seconds, when its pid was given.
    pub server: Option<f64>,
    /// Load generator CPU seconds.
    pub own: Option<f64>,
    /// Server context switches (of threads alive at both readings; approximate).
    pub server_switches: Option<i64>,
    /// Database processes' CPU seconds (of processes alive at both readings).
    pub database: Option<f64>,
}

impl Reading {
    /// What was used since `earlier`.
    pub fn since(self, earlier: Reading) -> Used {
        let diff = |a: Option<f64>, b: Option<f64>| Some(a? - b?);
        Used {
            server: diff(self.server, earlier.server),
            own: diff(self.own, earlier.own),
            server_switches: match (self.server_switches, earlier.server_switches) {
                (Some(a), Some(b)) => Some((a as i64 - b as i64).max(0)),
                _ => None,
            },
            database: diff(self.database, earlier.database),
        }
    }
}

impl Used {
    /// "server 1.52 CPU-s (76 µs/request, 0.76 cores), load generator ..." for `requests`
    /// over `wall`.
    pub fn describe(&self, requests: u64, wall: Duration) -> String {
        let part = |name: &str, s: Option<f64>| match s {
            Some(s) if requests > 0 && wall.as_secs_f64() > 0.0 => format!(
                "{name} {s:.2} CPU-s ({:.0} µs/request, {:.2} cores)",
                s * 1e6 / requests as f64,
                s / wall.as_secs_f64()
            ),
            _ => format!("{name} n/a"),
        };
        let switches = match self.server_switches {
            Some(n) if requests > 0 => format!(
                "; server context switches {:.1}/request",
                n as f64 / requests as f64
            ),
            _ => String::new(),
        };
        let database = match self.database {
            Some(_) => format!("; {}", part("database", self.database)),
            None => String::new(),
        };
        format!(
            "{}; {}{database}{switches}",
            part("server", self.server),
            part("load generator", self.own)
        )
    }
}
