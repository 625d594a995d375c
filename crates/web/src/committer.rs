//! The committer: one thread that hands the store every answer that arrived meanwhile as one
//! batch (`Storage::append_events`), for stores that commit a batch together.
//!
//! An answer to a cached attempt is decided on the async threads (the engine's `apply` is
//! pure and quick); only the durable append leaves them, through a channel to this thread,
//! and the request waits on a one-shot reply without holding a thread. The reply comes once
//! the batch holding the answer is committed, so nothing is acknowledged before it is
//! durable.

use crate::error::Error;
use std::sync::Arc;
use std::sync::mpsc;
use storage::{AppendEvent, Storage, StorageError};
use tokio::sync::oneshot;

/// The most events handed to the store in one batch.
const MAX_BATCH: usize = 1024;

struct Job {
    events: Vec<AppendEvent>,
    reply: oneshot::Sender<Vec<Result<(), StorageError>>>,
}

/// The handle requests send their appends through; the thread ends when the last handle
/// is dropped.
#[derive(Debug)]
pub struct Committer {
    jobs: mpsc::Sender<Job>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job")
            .field("events", &self.events.len())
            .finish()
    }
}

impl Committer {
    /// Starts the committer thread on `store`, if the store commits batches together.
    pub(crate) fn start(store: &Arc<dyn Storage>) -> Option<Committer> {
        if !store.batches_appends() {
            return None;
        }
        let (jobs, queue) = mpsc::channel::<Job>();
        let store = store.clone();
        std::thread::Builder::new()
            .name("certpath-committer".into())
            .spawn(move || run(&*store, &queue))
            .ok()?;
        Some(Committer { jobs })
    }

    /// Appends `events`, each with its own result, once they are durably committed.
    pub(crate) async fn append(
        &self,
        events: Vec<AppendEvent>,
    ) -> Result<Vec<Result<(), StorageError>>, Error> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job { events, reply })
            .map_err(|_| Error::Internal("the committer thread has stopped".into()))?;
        answer
            .await
            .map_err(|_| Error::Internal("the committer thread dropped an answer".into()))
    }
}

/// Takes every job that is waiting, appends their events together, answers each job.
fn run(store: &dyn Storage, queue: &mpsc::Receiver<Job>) {
    while let Ok(first) = queue.recv() {
        let mut jobs = vec![first];
        let mut count = jobs[0].events.len();
        while count < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => {
                    count += job.events.len();
                    jobs.push(job);
                }
                Err(_) => break,
            }
        }
        let mut events: Vec<AppendEvent> = Vec::with_capacity(count);
        let mut replies = Vec::with_capacity(jobs.len());
        for job in jobs {
            replies.push((job.events.len(), job.reply));
            events.extend(job.events);
        }
        let mut results = store.append_events(&events).into_iter();
        for (len, reply) in replies {
            let mine: Vec<Result<(), StorageError>> = results.by_ref().take(len).collect();
            // A request that gave up (its client went away) no longer listens.
            let _ = reply.send(mine);
        }
    }
}
