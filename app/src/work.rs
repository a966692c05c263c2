//! Bounded CPU- and memory-heavy work (photo decoding, password hashing): at most a few jobs at
//! once, each holding its share of a memory budget, and a queue with a limit. A request that
//! would wait behind a full queue is answered at once with `503` and `Retry-After` instead of
//! piling up memory until the machine gives out.

use crate::error::AppError;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// One kind of bounded work.
pub struct WorkGate {
    what: &'static str,
    slots: Arc<Semaphore>,
    memory: Arc<Semaphore>,
    memory_mb: u32,
    /// Jobs waiting or running.
    queued: Arc<AtomicUsize>,
    queue_limit: usize,
    retry_after: u64,
}

/// Counts a job as queued until dropped: when the job ends, or when its request goes away.
struct InQueue {
    queued: Arc<AtomicUsize>,
    what: &'static str,
}

impl InQueue {
    fn enter(queued: &Arc<AtomicUsize>, what: &'static str) -> (Self, usize) {
        let before = queued.fetch_add(1, Ordering::AcqRel);
        metrics::gauge!(crate::metrics::WORK_QUEUED, "gate" => what).set((before + 1) as f64);
        let queued = queued.clone();
        (Self { queued, what }, before)
    }
}

impl Drop for InQueue {
    fn drop(&mut self) {
        let before = self.queued.fetch_sub(1, Ordering::AcqRel);
        metrics::gauge!(crate::metrics::WORK_QUEUED, "gate" => self.what)
            .set(before.saturating_sub(1) as f64);
    }
}

/// The number of jobs to run at once: one per core the process may use.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, usize::from)
}

impl WorkGate {
    /// `slots` jobs at once sharing `memory_mb`; beyond `queue_limit` jobs waiting or running,
    /// new ones are refused with `Retry-After: retry_after` seconds.
    pub fn new(
        what: &'static str,
        slots: usize,
        memory_mb: u32,
        queue_limit: usize,
        retry_after: u64,
    ) -> Self {
        Self {
            what,
            slots: Arc::new(Semaphore::new(slots.max(1))),
            memory: Arc::new(Semaphore::new(memory_mb.max(1) as usize)),
            memory_mb: memory_mb.max(1),
            queued: Arc::default(),
            queue_limit: queue_limit.max(1),
            retry_after,
        }
    }

    /// The memory one job may use at most.
    pub fn memory_mb(&self) -> u32 {
        self.memory_mb
    }

    /// Jobs waiting or running now.
    pub fn queued(&self) -> usize {
        self.queued.load(Ordering::Acquire)
    }

    /// Runs `job` on a blocking thread once a slot and `cost_mb` of the budget are free. The
    /// caller checks `cost_mb` against [`WorkGate::memory_mb`] first (and says why a job is too
    /// big in its own words); a cost above it is clamped so the job still runs alone.
    pub async fn run<T: Send + 'static>(
        &self,
        cost_mb: u32,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let (in_queue, before) = InQueue::enter(&self.queued, self.what);
        if before >= self.queue_limit {
            metrics::counter!(crate::metrics::WORK_REFUSED, "gate" => self.what).increment(1);
            return Err(AppError::Busy {
                message: format!("the server is busy with {}; try again shortly", self.what),
                retry_after: self.retry_after,
            });
        }
        let slot = self
            .slots
            .clone()
            .acquire_owned()
            .await
            .map_err(AppError::internal)?;
        let memory = self
            .memory
            .clone()
            .acquire_many_owned(cost_mb.clamp(1, self.memory_mb))
            .await
            .map_err(AppError::internal)?;
        // The permits go with the job: if the request is dropped meanwhile, the job still
        // counts until it really ends.
        let what = self.what;
        tokio::task::spawn_blocking(move || {
            let started = std::time::Instant::now();
            let out = job();
            drop((slot, memory, in_queue));
            metrics::histogram!(crate::metrics::WORK_SECONDS, "gate" => what)
                .record(started.elapsed().as_secs_f64());
            out
        })
        .await
        .map_err(AppError::internal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_full_queue_is_refused_at_once_and_frees_up_again() {
        let gate = Arc::new(WorkGate::new("tests", 1, 10, 2, 7));
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let rx = Arc::new(std::sync::Mutex::new(rx));
        let mut running = Vec::new();
        for _ in 0..2 {
            let (gate, rx) = (gate.clone(), rx.clone());
            running.push(tokio::spawn(async move {
                gate.run(1, move || {
                    rx.lock().map(|r| r.recv().is_ok()).unwrap_or(false)
                })
                .await
            }));
        }
        while gate.queued() < 2 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let refused = tokio::time::timeout(Duration::from_secs(5), gate.run(1, || ()))
            .await
            .expect("refused at once, not queued")
            .unwrap_err();
        assert_eq!(refused.status(), 503);
        assert!(matches!(refused, AppError::Busy { retry_after: 7, .. }));
        tx.send(()).unwrap();
        tx.send(()).unwrap();
        for r in running {
            assert!(r.await.unwrap().unwrap());
        }
        assert_eq!(gate.queued(), 0);
        assert_eq!(gate.run(1, || 5).await.unwrap(), 5);
    }

    #[tokio::test]
    async fn jobs_share_the_memory_budget() {
        let gate = Arc::new(WorkGate::new("tests", 4, 10, 10, 1));
        let peak = Arc::new(AtomicUsize::new(0));
        let now = Arc::new(AtomicUsize::new(0));
        let mut jobs = Vec::new();
        for _ in 0..6 {
            let (gate, peak, now) = (gate.clone(), peak.clone(), now.clone());
            jobs.push(tokio::spawn(async move {
                gate.run(6, move || {
                    let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(n, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(20));
                    now.fetch_sub(1, Ordering::SeqCst);
                })
                .await
            }));
        }
        for j in jobs {
            j.await.unwrap().unwrap();
        }
        assert_eq!(
            peak.load(Ordering::SeqCst),
            1,
            "6 MB each of 10: one at a time"
        );
    }
}
