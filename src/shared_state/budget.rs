//! The rate budget of one account: DocuSign's hourly and burst windows as
//! learned from its `X-RateLimit-*` / `X-BurstLimit-*` headers, the slots
//! taken for requests still in flight, and a reserve left for other
//! applications on the account.
//!
//! DocuSign's numbers are the truth: a slot is free when the lowest
//! `remaining` DocuSign reported in the current window, less the requests
//! sent since that were not yet answered, is above the reserve. Before any
//! header has been seen every slot is free. The hourly window ends at the
//! reset time DocuSign gave (then the next top of the hour); the burst
//! window ends 31 s after the first answer seen in it (DocuSign's 30 s, and
//! a second for clocks that count whole seconds). Slots still in flight
//! when a window ends are not carried into the next one (DocuSign counted
//! them in the old one), which also frees slots whose answer never came.
//!
//! This file is the reference arithmetic (memory and file backends);
//! `redis.rs` carries the same steps as a Lua script, and the tests run
//! the same scenarios against both.

use crate::client::RateLimit;

/// DocuSign's burst window.
pub const BURST_WINDOW_SECS: u64 = 30;
/// How long a burst window is held to last from the first answer seen in
/// it: a second more than DocuSign's, because clocks here count whole
/// seconds (rounded down) and the window must not end before DocuSign's.
pub(crate) const BURST_SPAN_SECS: u64 = BURST_WINDOW_SECS + 1;
const HOUR_SECS: u64 = 3600;

/// Calls per window left unused for other applications on the account.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateReserve {
    /// Calls left to others in each hour.
    pub hourly: u64,
    /// Calls left to others in each burst window.
    pub burst: u64,
}

/// Which window refused a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateWindow {
    /// The account's hourly budget.
    Hourly,
    /// The account's burst budget (30 s windows).
    Burst,
}

/// A slot refused locally, without sending: the window is spent until
/// `reset_at` (Unix seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotRefused {
    /// The window that is spent.
    pub window: RateWindow,
    /// When it resets, Unix seconds.
    pub reset_at: u64,
}

/// Answers this process has seen and not yet handed to the shared budget;
/// they travel with the next slot taken (one round trip for both).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Pending {
    /// Slots whose request was answered (or failed) since the last flush.
    pub answered: u64,
    /// Hourly `(limit, remaining, reset_at)`: the latest window, its
    /// lowest `remaining`.
    pub hourly: Option<(u64, u64, u64)>,
    /// Burst `(limit, remaining)`, the lowest `remaining`.
    pub burst: Option<(u64, u64)>,
    pub reserve: RateReserve,
}

impl Pending {
    /// Adds one answer. Its numbers are checked again
    /// ([`RateLimit::sane`]): a snapshot built by hand must not poison the
    /// shared budget either.
    pub(crate) fn add(&mut self, seen: &RateLimit, reserve: RateReserve) {
        let seen = seen.sane();
        self.answered += 1;
        self.reserve = reserve;
        if let (Some(limit), Some(remaining), Some(reset)) =
            (seen.limit, seen.remaining, seen.reset_at)
        {
            self.hourly = Some(match self.hourly {
                Some((_, r, t)) if t == reset => (limit, r.min(remaining), reset),
                Some(older) if older.2 > reset => older,
                _ => (limit, remaining, reset),
            });
        }
        if let (Some(limit), Some(remaining)) = (seen.burst_limit, seen.burst_remaining) {
            let remaining = self.burst.map_or(remaining, |(_, r)| r.min(remaining));
            self.burst = Some((limit, remaining));
        }
    }
}

/// One account's budget. Zero means "not learned yet" for `hourly_reset`
/// and `burst_limit`, and "starts at the next answer" for `burst_end`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Budget {
    pub hourly_limit: u64,
    pub hourly_remaining: u64,
    pub hourly_reset: u64,
    pub burst_limit: u64,
    pub burst_remaining: u64,
    pub burst_end: u64,
    pub reserve_hourly: u64,
    pub reserve_burst: u64,
    /// Slots taken in this hourly window and not yet answered.
    pub in_flight: u64,
    /// The same in this burst window.
    pub burst_in_flight: u64,
}

const FIELDS: usize = 10;

impl Budget {
    /// Applies `pending`, rolls over ended windows, then takes a slot
    /// (`take`; else only hands `pending` over).
    pub(crate) fn settle(
        &mut self,
        pending: &Pending,
        now: u64,
        take: bool,
    ) -> Result<(), SlotRefused> {
        self.learn(pending, now);
        if self.hourly_reset != 0 && now >= self.hourly_reset {
            self.hourly_remaining = self.hourly_limit;
            self.in_flight = 0;
            self.hourly_reset += ((now - self.hourly_reset) / HOUR_SECS + 1) * HOUR_SECS;
        }
        if self.burst_end != 0 && now >= self.burst_end {
            self.burst_remaining = self.burst_limit;
            self.burst_end = 0;
            self.burst_in_flight = 0;
        }
        if !take {
            return Ok(());
        }
        let spent = |remaining: u64, in_flight: u64, reserve: u64| {
            remaining <= in_flight.saturating_add(reserve)
        };
        if self.hourly_reset != 0
            && spent(self.hourly_remaining, self.in_flight, self.reserve_hourly)
        {
            return Err(SlotRefused {
                window: RateWindow::Hourly,
                reset_at: self.hourly_reset,
            });
        }
        if self.burst_limit != 0
            && spent(
                self.burst_remaining,
                self.burst_in_flight,
                self.reserve_burst,
            )
        {
            let reset_at = match self.burst_end {
                0 => now + BURST_SPAN_SECS,
                end => end,
            };
            return Err(SlotRefused {
                window: RateWindow::Burst,
                reset_at,
            });
        }
        self.in_flight += 1;
        self.burst_in_flight += 1;
        Ok(())
    }

    fn learn(&mut self, pending: &Pending, now: u64) {
        self.in_flight = self.in_flight.saturating_sub(pending.answered);
        self.burst_in_flight = self.burst_in_flight.saturating_sub(pending.answered);
        if pending.answered == 0 {
            return;
        }
        self.reserve_hourly = pending.reserve.hourly;
        self.reserve_burst = pending.reserve.burst;
        if let Some((limit, remaining, reset)) = pending.hourly {
            if reset > self.hourly_reset {
                (self.hourly_remaining, self.hourly_reset) = (remaining, reset);
            } else if reset == self.hourly_reset {
                self.hourly_remaining = self.hourly_remaining.min(remaining);
            }
            self.hourly_limit = limit;
        }
        if let Some((limit, remaining)) = pending.burst {
            self.burst_remaining = if self.burst_limit == 0 {
                remaining
            } else {
                self.burst_remaining.min(remaining)
            };
            self.burst_limit = limit;
            if self.burst_end == 0 {
                self.burst_end = now + BURST_SPAN_SECS;
            }
        }
    }

    pub(crate) fn to_bytes(self) -> Vec<u8> {
        [
            self.hourly_limit,
            self.hourly_remaining,
            self.hourly_reset,
            self.burst_limit,
            self.burst_remaining,
            self.burst_end,
            self.reserve_hourly,
            self.reserve_burst,
            self.in_flight,
            self.burst_in_flight,
        ]
        .iter()
        .flat_map(|n| n.to_be_bytes())
        .collect()
    }

    /// The budget stored by [`Budget::to_bytes`]; a damaged one starts over.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Budget {
        if bytes.len() != FIELDS * 8 {
            return Budget::default();
        }
        let n: Vec<u64> = bytes
            .chunks_exact(8)
            .map(|c| u64::from_be_bytes(c.try_into().unwrap_or_default()))
            .collect();
        Budget {
            hourly_limit: n[0],
            hourly_remaining: n[1],
            hourly_reset: n[2],
            burst_limit: n[3],
            burst_remaining: n[4],
            burst_end: n[5],
            reserve_hourly: n[6],
            reserve_burst: n[7],
            in_flight: n[8],
            burst_in_flight: n[9],
        }
    }

    /// How long the stored budget is worth keeping.
    pub(crate) fn ttl_secs(&self, now: u64) -> u64 {
        self.hourly_reset.saturating_sub(now).max(BURST_WINDOW_SECS) + HOUR_SECS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Budget {
        fn settle_take(&mut self, pending: &Pending, now: u64) -> Result<(), SlotRefused> {
            self.settle(pending, now, true)
        }
    }

    fn seen(limit: u64, remaining: u64, reset: u64) -> RateLimit {
        RateLimit {
            limit: Some(limit),
            remaining: Some(remaining),
            reset_at: Some(reset),
            ..Default::default()
        }
    }

    #[test]
    fn nothing_learned_allows() {
        let mut b = Budget::default();
        for _ in 0..10_000 {
            b.settle_take(&Pending::default(), 100).unwrap();
        }
    }

    /// The pending answer of one response with `seen`.
    fn answer(seen: &RateLimit, reserve: RateReserve) -> Pending {
        let mut p = Pending::default();
        p.add(seen, reserve);
        p
    }

    #[test]
    fn in_flight_slots_count_until_answered() {
        let mut b = Budget::default();
        b.learn(&answer(&seen(3, 3, 1000), RateReserve::default()), 0);
        for _ in 0..3 {
            b.settle_take(&Pending::default(), 10).unwrap();
        }
        let refused = b.settle_take(&Pending::default(), 10).unwrap_err();
        assert_eq!(
            refused,
            SlotRefused {
                window: RateWindow::Hourly,
                reset_at: 1000
            }
        );
        // One is answered with remaining 2 (DocuSign counted it); two are
        // still in flight: nothing free.
        assert!(b
            .settle_take(&answer(&seen(3, 2, 1000), RateReserve::default()), 10)
            .is_err());
        // The hour ends: full again, reset at the next top of the hour.
        b.settle_take(&Pending::default(), 1000).unwrap();
        assert_eq!(b.hourly_reset, 4600);
    }

    #[test]
    fn limit_500_gives_exactly_500_slots() {
        let mut b = Budget::default();
        b.learn(&answer(&seen(500, 500, 1000), RateReserve::default()), 0);
        let ok = (0..1000)
            .filter(|_| b.settle_take(&Pending::default(), 1).is_ok())
            .count();
        assert_eq!(ok, 500);
    }

    #[test]
    fn reserve_is_left() {
        let mut b = Budget::default();
        let reserve = RateReserve {
            hourly: 4,
            burst: 0,
        };
        b.learn(&answer(&seen(100, 10, 1000), reserve), 0);
        let ok = (0..20)
            .filter(|_| b.settle_take(&Pending::default(), 1).is_ok())
            .count();
        assert_eq!(ok, 6);
    }

    #[test]
    fn burst_window_refills_after_30_s() {
        let mut b = Budget::default();
        let burst = RateLimit {
            burst_limit: Some(5),
            burst_remaining: Some(5),
            ..Default::default()
        };
        b.learn(&answer(&burst, RateReserve::default()), 100);
        assert_eq!(b.burst_end, 131);
        for _ in 0..5 {
            b.settle_take(&Pending::default(), 101).unwrap();
        }
        let refused = b.settle_take(&Pending::default(), 130).unwrap_err();
        assert_eq!(
            refused,
            SlotRefused {
                window: RateWindow::Burst,
                reset_at: 131
            }
        );
        b.settle_take(&Pending::default(), 131).unwrap();
    }

    #[test]
    fn pending_keeps_the_lowest_of_the_latest_window() {
        let mut p = Pending::default();
        p.add(&seen(10, 5, 100), RateReserve::default());
        p.add(&seen(10, 7, 100), RateReserve::default());
        p.add(&seen(10, 9, 50), RateReserve::default());
        assert_eq!(p.hourly, Some((10, 5, 100)));
        p.add(&seen(10, 9, 200), RateReserve::default());
        assert_eq!(p.hourly, Some((10, 9, 200)));
        assert_eq!(p.answered, 4);
    }

    #[test]
    fn the_hour_rolls_over_to_the_next_top_of_the_hour() {
        for (now, next) in [(4000, 4600), (8300, 11800)] {
            let mut b = Budget::default();
            b.learn(&answer(&seen(3, 0, 1000), RateReserve::default()), 0);
            b.settle_take(&Pending::default(), now).unwrap();
            assert_eq!((b.hourly_reset, b.hourly_remaining), (next, 3), "{now}");
        }
    }

    #[test]
    fn answers_in_one_window_keep_the_lowest_remaining() {
        let mut b = Budget::default();
        for remaining in [8, 5, 7] {
            b.learn(
                &answer(&seen(10, remaining, 1000), RateReserve::default()),
                0,
            );
        }
        assert_eq!(b.hourly_remaining, 5);
    }

    #[test]
    fn a_new_burst_window_starts_at_the_refusal() {
        let mut b = Budget::default();
        let burst = RateLimit {
            burst_limit: Some(2),
            burst_remaining: Some(2),
            ..Default::default()
        };
        b.learn(&answer(&burst, RateReserve::default()), 100);
        // The window ends at 131; the next one starts with no answer seen.
        b.settle_take(&Pending::default(), 131).unwrap();
        assert_eq!(b.burst_end, 0);
        b.settle_take(&Pending::default(), 132).unwrap();
        let refused = b.settle_take(&Pending::default(), 140).unwrap_err();
        assert_eq!(
            refused,
            SlotRefused {
                window: RateWindow::Burst,
                reset_at: 171
            }
        );
    }

    #[test]
    fn kept_until_the_hour_ends_and_an_hour_more() {
        let b = Budget {
            hourly_reset: 1000,
            ..Default::default()
        };
        assert_eq!(b.ttl_secs(100), 900 + 3600);
        assert_eq!(b.ttl_secs(990), 30 + 3600);
    }

    #[test]
    fn bytes_round_trip() {
        let b = Budget {
            hourly_limit: 1,
            in_flight: 9,
            burst_end: u64::MAX,
            ..Default::default()
        };
        assert_eq!(Budget::from_bytes(&b.to_bytes()), b);
        assert_eq!(Budget::from_bytes(b"short"), Budget::default());
    }
}
