//! How much memory a piece of work needs, how much the machine has, and both as text.

/// Memory the operating system can give this process now without swapping (Linux's
/// `MemAvailable`), in bytes; `None` where it cannot be read.
pub fn available() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Bytes as a person reads them: "812 KB", "3.4 GB" (powers of 1000, one decimal from GB on).
pub fn human(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit >= 3 { format!("{value:.1} {}", UNITS[unit]) } else { format!("{value:.0} {}", UNITS[unit]) }
}

/// Whether `needed` bytes fit: within 80% of what the machine has available (or, where that is
/// unknown, within 64 GB). The answer is the limit that was exceeded, if any.
pub fn exceeds_limit(needed: u64) -> Option<u64> {
    let limit = available().map_or(64_000_000_000, |a| a / 5 * 4);
    (needed > limit).then_some(limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_a_person_writes_them() {
        assert_eq!(human(999), "999 bytes");
        assert_eq!(human(1_600_000), "2 MB");
        assert_eq!(human(81_931_520_000), "81.9 GB");
    }

    #[test]
    fn this_machine_reports_some_memory_and_a_petabyte_does_not_fit() {
        if cfg!(target_os = "linux") {
            assert!(available().is_some_and(|a| a > 0));
        }
        assert!(exceeds_limit(1 << 50).is_some());
        assert!(exceeds_limit(1 << 20).is_none());
    }
}
