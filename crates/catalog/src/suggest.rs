//! "Did you mean" suggestions for mistyped names.

/// The candidate closest to `input`, when it is close enough to be a likely typo.
///
/// ```
/// let closest = catalog::suggest::closest("SAA-C3", ["SAA-C03", "SAP-C02"]);
/// assert_eq!(closest, Some("SAA-C03"));
/// ```
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input = input.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            (
                strsim::jaro_winkler(&input, &candidate.to_ascii_lowercase()),
                candidate,
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}
