//! Readiness from an owner's first answers and the bank's calibrations.

use std::collections::BTreeMap;
use study::{
    CalibratedItem, FormQuestion, Readiness, ReadinessModel, ReadinessOptions, ReferenceForm,
    Response,
};

/// Readiness for an exam, or why there is none yet (in words for the learner).
pub type ReadinessOutcome = Result<Readiness, String>;

/// The fewest calibrated scored questions the reference form needs.
pub const MIN_REFERENCE: usize = 10;

/// Readiness from first answers `(item, domain, correct)`, with `form`'s calibrated scored
/// questions as the reference form.
pub(crate) fn assess(
    form: &engine::Form,
    calibrations: &[storage::ItemCalibration],
    answers: &[(String, u8, bool)],
) -> ReadinessOutcome {
    if calibrations.is_empty() {
        return Err("readiness appears once the bank is calibrated from learners' answers (`certpath calibrate`)".into());
    }
    let params: BTreeMap<&str, irt::ItemParams> = calibrations
        .iter()
        .map(|c| {
            (
                c.item.as_str(),
                irt::ItemParams {
                    a: c.a,
                    b: c.b,
                    c: c.c,
                    d: 1.0,
                },
            )
        })
        .collect();
    let mut domains: BTreeMap<String, u8> = answers
        .iter()
        .map(|(id, domain, _)| (id.clone(), *domain))
        .collect();
    for item in form.items() {
        domains.insert(item.id().to_owned(), item.domain());
    }
    let items: Vec<CalibratedItem> = domains
        .iter()
        .filter_map(|(id, domain)| {
            params
                .get(id.as_str())
                .map(|p| CalibratedItem::new(id.clone(), *domain, *p))
        })
        .collect();
    let questions: Vec<FormQuestion> = form
        .items()
        .iter()
        .filter(|i| i.scored() && params.contains_key(i.id()))
        .map(|i| FormQuestion::new(i.id(), i.angoff()))
        .collect();
    if questions.len() < MIN_REFERENCE {
        return Err(format!(
            "readiness needs at least {MIN_REFERENCE} calibrated scored questions on the form; this one has {}",
            questions.len()
        ));
    }
    let reference = ReferenceForm {
        questions,
        passing_score: form.passing_score(),
    };
    let model = ReadinessModel::new(&items, &reference, ReadinessOptions::default())
        .map_err(|err| err.to_string())?;
    let responses: Vec<Response> = answers
        .iter()
        .map(|(id, _, correct)| Response::new(id.clone(), *correct))
        .collect();
    model.assess(&responses).map_err(|e| e.to_string())
}
