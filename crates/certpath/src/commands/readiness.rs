//! Readiness below a finished attempt's report: as text and as JSON.

use crate::Io;
use crate::error::AppError;

/// Readiness for the attempt's exam, or why there is none yet.
pub type Outcome = crate::session::ReadinessOutcome;

/// The readiness as JSON: the estimate, or `{"unavailable": reason}`.
pub fn to_json(outcome: &Outcome) -> serde_json::Value {
    match outcome {
        Ok(r) => serde_json::json!({
            "label": r.label,
            "answered": r.answered,
            "correct": r.correct,
            "theta": r.theta,
            "sd": r.sd,
            "theta_cut": r.theta_cut,
            "p_pass": r.p_pass,
            "p_pass_sitting": r.p_pass_sitting,
            "band": { "low": r.band.low, "point": r.band.point, "high": r.band.high, "sds": r.band.sds, "passing_score": r.band.passing_score },
            "domains": r.domains.iter().map(|d| serde_json::json!({
                "domain": d.domain, "answered": d.answered, "correct": d.correct,
                "theta": d.estimate.map(|e| e.theta), "sd": d.estimate.map(|e| e.sd),
                "p_meets": d.estimate.and_then(|e| e.p_meets),
            })).collect::<Vec<_>>(),
            "assumptions": r.assumptions,
            "domain_note": r.domain_note,
        }),
        Err(reason) => serde_json::json!({ "unavailable": reason }),
    }
}

/// Prints the readiness below a report.
pub fn print(outcome: &Outcome, io: &mut Io<'_>) -> Result<(), AppError> {
    writeln!(io.stdout)?;
    match outcome {
        Err(reason) => writeln!(io.stdout, "Readiness: {reason}.")?,
        Ok(r) => {
            writeln!(
                io.stdout,
                "Readiness ({}), from {} first answers ({} correct):",
                r.label, r.answered, r.correct
            )?;
            writeln!(
                io.stdout,
                "  ability {:.2} ± {:.2} against a cut of {:.2}: probability of passing on the practice scale {:.0}% (in one sitting {:.0}%)",
                r.theta,
                r.sd,
                r.theta_cut,
                100.0 * r.p_pass,
                100.0 * r.p_pass_sitting
            )?;
            writeln!(
                io.stdout,
                "  practice-scale band {}–{}–{} (±{} SD; pass mark {})",
                r.band.low, r.band.point, r.band.high, r.band.sds, r.band.passing_score
            )?;
            for d in &r.domains {
                match d.estimate.and_then(|e| e.p_meets) {
                    Some(p) => writeln!(
                        io.stdout,
                        "  domain {}: {:.0}% likely to meet its cut ({} of {} answers correct)",
                        d.domain,
                        100.0 * p,
                        d.correct,
                        d.answered
                    )?,
                    None => writeln!(
                        io.stdout,
                        "  domain {}: too few answers yet ({} of {} correct)",
                        d.domain, d.correct, d.answered
                    )?,
                }
            }
            writeln!(io.stdout, "  {}", r.domain_note)?;
            writeln!(io.stdout, "  Assumptions:")?;
            for assumption in &r.assumptions {
                writeln!(io.stdout, "  - {assumption}")?;
            }
        }
    }
    Ok(())
}
