//! Every fact the research file marks official (✅) and the catalog models, checked exam by exam.
//!
//! The expected values are transcribed from `/work/shared/reference/aws-exam-facts.md`:
//!
//! - Part A, section 1 ("Certifications"): question counts, passing scores, question types,
//!   recommended experience, the "Active ✅" statuses and the earlier code SCS-C01 ✅.
//! - Part A, section 2 ("Content domains and weights"): the ✅ domain lists.
//! - Part B, section 1 ("Where things stand on 2026-12-01"), section 2 (DVA-C03: DVA-C02's last
//!   day, DVA-C03's first day and domains), section 3 (SAP-C03: first day, SAP-C02's last day,
//!   the successor named on the AWS page) and section 4 (MLA-C02: MLA-C01's last day in
//!   English, MLA-C02's recommended experience).
//!
//! Part B is newer and wins where the parts disagree: DVA-C02's last day is 2026-11-30 (the
//! September wording "December 1" is superseded). Facts marked 🔶, ❓ or only ⚠️ are not
//! checked, and neither are the program-wide rules (scoring, recertification, retakes). No
//! duration or price is ✅ in either part, and the tier column carries no marker, so neither
//! has cases. Registration-opening days (✅ for DVA-C03 and SAP-C03) are not catalog fields.
//!
//! Each test checks the catalog's value and that the fact's confidence is
//! `Confidence::Official`, collects every mismatch, and fails listing them all. The few ✅
//! facts that other AWS text contradicts (⚠️ official against official) are listed in
//! [`DISPUTED`]: their value is checked against the one the facts file settles on, but their
//! confidence is not.

use catalog::{Catalog, Confidence, ExamVersion, Fact, QuestionType, Status};
use std::fmt::Debug;
use time::Date;
use time::macros::date;

use QuestionType::{CaseStudy, Matching, MultipleChoice, MultipleResponse, Ordering};

/// ✅ facts that other AWS text contradicts (⚠️), as (code, fact): the value is checked, the
/// confidence is not.
const DISPUTED: &[(&str, &str)] = &[
    // Part B §3 and §10.1: the AWS blog's Key dates say 2026-11-16; the exam page said
    // 2026-11-17. The facts file settles on the blog's internally consistent pair.
    ("SAP-C02", "last_day"),
    // Part B §3: "✅ (blog quoted) ⚠️"; one audit file says 2026-11-18, and the exam page's
    // SAP-C02 last day (2026-11-17) disagrees with the blog's pair.
    ("SAP-C03", "available_from"),
    // Part A §1: "MC, MR ✅ in older copies of the guide. ⚠️ The current docs page says 'one or
    // more of the following question types', but the copy read cuts off before the list".
    ("SAP-C02", "question_types"),
];

/// Part A §1 "Questions": (code, scored, unscored), where the count is ✅.
const COUNTS: &[(&str, u32, u32)] = &[
    ("CLF-C02", 50, 15),
    ("AIF-C01", 50, 15),
    ("SAA-C03", 50, 15),
    ("DVA-C02", 50, 15),
    ("SOA-C03", 50, 15),
    ("DEA-C01", 50, 15),
    ("MLA-C01", 50, 15),
    ("SAP-C02", 65, 10),
    ("DOP-C02", 65, 10),
    ("AIP-C01", 65, 10),
    ("ANS-C01", 50, 15),
    ("DBS-C01", 50, 15),
];

/// Part A §1 "Pass": (code, passing scaled score), where the score is ✅.
const PASSING: &[(&str, u32)] = &[
    ("CLF-C02", 700),
    ("AIF-C01", 700),
    ("SAA-C03", 720),
    ("DVA-C02", 720),
    ("SOA-C03", 720),
    ("DEA-C01", 720),
    ("MLA-C01", 720),
    ("AIP-C01", 750),
    ("ANS-C01", 750),
];

const MC_MR: &[QuestionType] = &[MultipleChoice, MultipleResponse];
const ALL_TYPES: &[QuestionType] = &[
    MultipleChoice,
    MultipleResponse,
    Ordering,
    Matching,
    CaseStudy,
];

/// Part A §1 "Question types": (code, types in any order), where the list is ✅.
const QUESTION_TYPES: &[(&str, &[QuestionType])] = &[
    ("CLF-C02", MC_MR),
    ("AIF-C01", ALL_TYPES),
    ("SAA-C03", MC_MR),
    ("DVA-C02", MC_MR),
    ("SOA-C03", MC_MR),
    ("MLA-C01", ALL_TYPES),
    ("SAP-C02", MC_MR),
    ("DOP-C02", MC_MR),
    ("AIP-C01", MC_MR),
    ("ANS-C01", MC_MR),
    ("DBS-C01", MC_MR),
];

/// Part A §2 and Part B §2 (DVA-C03): (code, domains in order as (exact name, weight %)).
const DOMAINS: &[(&str, &[(&str, u8)])] = &[
    (
        "CLF-C02",
        &[
            ("Cloud Concepts", 24),
            ("Security and Compliance", 30),
            ("Cloud Technology and Services", 34),
            ("Billing, Pricing, and Support", 12),
        ],
    ),
    (
        "AIF-C01",
        &[
            ("Fundamentals of AI and ML", 20),
            ("Fundamentals of Generative AI", 24),
            ("Applications of Foundation Models", 28),
            ("Guidelines for Responsible AI", 14),
            ("Security, Compliance, and Governance for AI Solutions", 14),
        ],
    ),
    (
        "SAA-C03",
        &[
            ("Design Secure Architectures", 30),
            ("Design Resilient Architectures", 26),
            ("Design High-Performing Architectures", 24),
            ("Design Cost-Optimized Architectures", 20),
        ],
    ),
    (
        "DVA-C02",
        &[
            ("Development with AWS Services", 32),
            ("Security", 26),
            ("Deployment", 24),
            ("Troubleshooting and Optimization", 18),
        ],
    ),
    (
        "DVA-C03",
        &[
            ("Development with AWS Services", 30),
            ("Security", 26),
            ("Testing and Deployment", 22),
            ("Troubleshooting and Optimization", 22),
        ],
    ),
    (
        "SOA-C03",
        &[
            (
                "Monitoring, Logging, Analysis, Remediation, and Performance Optimization",
                22,
            ),
            ("Reliability and Business Continuity", 22),
            ("Deployment, Provisioning, and Automation", 22),
            ("Security and Compliance", 16),
            ("Networking and Content Delivery", 18),
        ],
    ),
    (
        "DEA-C01",
        &[
            ("Data Ingestion and Transformation", 34),
            ("Data Store Management", 26),
            ("Data Operations and Support", 22),
            ("Data Security and Governance", 18),
        ],
    ),
    (
        "MLA-C01",
        &[
            ("Data Preparation for Machine Learning (ML)", 28),
            ("ML Model Development", 26),
            ("Deployment and Orchestration of ML Workflows", 22),
            ("ML Solution Monitoring, Maintenance, and Security", 24),
        ],
    ),
    (
        "DOP-C02",
        &[
            ("SDLC Automation", 22),
            ("Configuration Management and IaC", 17),
            ("Resilient Cloud Solutions", 15),
            ("Monitoring and Logging", 15),
            ("Incident and Event Response", 14),
            ("Security and Compliance", 17),
        ],
    ),
    (
        "AIP-C01",
        &[
            (
                "Foundation Model Integration, Data Management, and Compliance",
                31,
            ),
            ("Implementation and Integration", 26),
            ("AI Safety, Security, and Governance", 20),
            (
                "Operational Efficiency and Optimization for GenAI Applications",
                12,
            ),
            ("Testing, Validation, and Troubleshooting", 11),
        ],
    ),
    (
        "ANS-C01",
        &[
            ("Network Design", 30),
            ("Network Implementation", 26),
            ("Network Management and Operation", 20),
            ("Network Security, Compliance, and Governance", 24),
        ],
    ),
];

/// Part A §1 "Recommended experience" and Part B §4 (MLA-C02): (code, key phrases the
/// catalog's wording must contain, ignoring letter case). The facts file paraphrases the
/// guides, so the phrases are its key facts rather than its full text.
const EXPERIENCE: &[(&str, &[&str])] = &[
    (
        "CLF-C02",
        &[
            "up to 6 months",
            "AWS Cloud design, implementation and/or operations",
            "without an IT background",
        ],
    ),
    (
        "AIF-C01",
        &[
            "up to 6 months",
            "AI/ML technologies on AWS",
            "does not necessarily build them",
        ],
    ),
    (
        "SAA-C03",
        &["at least 1 year of hands-on experience designing cloud solutions that use AWS services"],
    ),
    (
        "DVA-C02",
        &[
            "1 or more years of hands-on experience developing and maintaining applications",
            "proficiency in at least one high-level",
        ],
    ),
    (
        "SOA-C03",
        &[
            "1 year",
            "deployment, management, troubleshooting, networking and security on AWS",
            "at least 1 year in a related operations role such as system administrator",
        ],
    ),
    (
        "DEA-C01",
        &[
            "2–3 years",
            "data engineering",
            "at least 1–2 years of hands-on",
        ],
    ),
    (
        "MLA-C01",
        &[
            "at least 1 year",
            "SageMaker and other AWS services for ML engineering",
            "at least 1 year in a related role",
            "backend",
            "DevOps developer",
            "data engineer",
            "data scientist",
        ],
    ),
    (
        "MLA-C02",
        &[
            "at least 1 year of experience using Amazon SageMaker AI, Amazon Bedrock, and other \
             AWS services for ML engineering",
            "both traditional ML and generative AI (GenAI)",
            "1 year in a related role",
        ],
    ),
    (
        "SAP-C02",
        &[
            "2 or more years",
            "using AWS services to design and implement cloud solutions",
        ],
    ),
    (
        "DOP-C02",
        &[
            "2 or more years",
            "provisioning, operating and managing AWS environments",
            "software development lifecycle",
            "programming and/or scripting",
        ],
    ),
    (
        "AIP-C01",
        &[
            "2 or more years",
            "building production-grade applications on AWS or with open-source technologies",
            "general AI/ML or data-engineering experience",
            "1 year of hands-on",
        ],
    ),
    (
        "ANS-C01",
        &[
            "5 or more years of networking experience, including 2 or more years of cloud and \
             hybrid networking",
        ],
    ),
    (
        "SCS-C02",
        &[
            "3–5 years",
            "designing and implementing security solutions",
            "at least 2 years of hands-on experience securing AWS workloads",
        ],
    ),
    (
        "MLS-C01",
        &[
            "2 or more years",
            "developing, architecting and running ML or deep-learning workloads",
        ],
    ),
];

/// A date fact of an exam version.
#[derive(Clone, Copy)]
enum Day {
    AvailableFrom,
    LastDay,
}

impl Day {
    fn name(self) -> &'static str {
        match self {
            Day::AvailableFrom => "available_from",
            Day::LastDay => "last_day",
        }
    }

    fn of(self, exam: &ExamVersion) -> &Fact<Date> {
        match self {
            Day::AvailableFrom => &exam.dates.available_from,
            Day::LastDay => &exam.dates.last_day,
        }
    }
}

/// Part B §1–§4: (code, which date, the day), where the date is ✅.
const DATES: &[(&str, Day, Date)] = &[
    // §2: "DVA-C02 exam (in use until November 30, 2026)"; supersedes December 1.
    ("DVA-C02", Day::LastDay, date!(2026 - 11 - 30)),
    // §2: "DVA-C03 exam (in use beginning December 1, 2026)".
    ("DVA-C03", Day::AvailableFrom, date!(2026 - 12 - 01)),
    // §4: "in use until September 28, 2026" (the English version).
    ("MLA-C01", Day::LastDay, date!(2026 - 09 - 28)),
    // §3: "November 17, 2026 – SAP-C03 GA delivery begins" (disputed, see DISPUTED).
    ("SAP-C03", Day::AvailableFrom, date!(2026 - 11 - 17)),
    // §3, §10.1: the blog's "November 16, 2026 – Last day to take SAP-C02" (disputed).
    ("SAP-C02", Day::LastDay, date!(2026 - 11 - 16)),
];

/// (code, successor) where AWS text marked ✅ names the replacement: Part A §1 "SCS-C02
/// (SCS-C01 ✅)"; Part B §2 and §3, the exam pages' "Registration for the updated version
/// (DVA-C03 / SAP-C03) opens October 27, 2026. The last day to take the current exam …".
const SUCCESSORS: &[(&str, &str)] = &[
    ("SCS-C01", "SCS-C02"),
    ("DVA-C02", "DVA-C03"),
    ("SAP-C02", "SAP-C03"),
];

/// (code, day, status) for the ✅ statuses: Part A §1 "Active ✅" (as of the newest source,
/// 2026-10-09) and Part B §1, including the days either side of the ✅ dates. SAP-C02 and
/// SAP-C03 are checked on 2026-12-01, where both disputed dates give the same answer.
const STATUSES: &[(&str, Date, Status)] = &[
    ("CLF-C02", date!(2026 - 10 - 09), Status::Active),
    ("SAA-C03", date!(2026 - 10 - 09), Status::Active),
    ("DVA-C02", date!(2026 - 11 - 30), Status::Active),
    ("DVA-C02", date!(2026 - 12 - 01), Status::Retired),
    ("DVA-C03", date!(2026 - 12 - 01), Status::Active),
    ("MLA-C01", date!(2026 - 09 - 28), Status::Active),
    ("MLA-C01", date!(2026 - 09 - 29), Status::Retired),
    ("SAP-C02", date!(2026 - 12 - 01), Status::Retired),
    ("SAP-C03", date!(2026 - 12 - 01), Status::Active),
];

/// The mismatches one test found, one line each: code, fact, expected, actual.
struct Mismatches {
    kind: &'static str,
    lines: Vec<String>,
}

impl Mismatches {
    fn new(kind: &'static str) -> Mismatches {
        Mismatches {
            kind,
            lines: Vec::new(),
        }
    }

    fn push(&mut self, code: &str, fact: &str, expected: impl Debug, actual: impl Debug) {
        self.lines.push(format!(
            "{code} {fact}: expected {expected:?}, actual {actual:?}"
        ));
    }

    /// The exam, or a mismatch when the catalog lacks it.
    fn exam<'a>(&mut self, catalog: &'a Catalog, code: &str) -> Option<&'a ExamVersion> {
        let exam = catalog.exam(code);
        if exam.is_none() {
            self.push(code, "exam", "in the catalog", "missing");
        }
        exam
    }

    /// A mismatch when a ✅ fact is not marked official (disputed facts excepted).
    fn official(&mut self, code: &str, fact: &str, confidence: Confidence) {
        if confidence != Confidence::Official && !DISPUTED.contains(&(code, fact)) {
            self.push(
                code,
                &format!("{fact} confidence"),
                Confidence::Official,
                confidence,
            );
        }
    }

    /// The value must be `expected` and the fact official.
    fn fact<T: PartialEq + Debug>(
        &mut self,
        code: &str,
        fact: &str,
        expected: T,
        actual: &Fact<T>,
    ) {
        if actual.value.as_ref() != Some(&expected) {
            self.push(code, fact, Some(&expected), &actual.value);
        }
        self.official(code, fact, actual.confidence);
    }

    fn assert_none(self) {
        assert!(
            self.lines.is_empty(),
            "{} {} mismatch(es) against the facts file:\n  {}",
            self.lines.len(),
            self.kind,
            self.lines.join("\n  ")
        );
    }
}

fn catalog() -> Catalog {
    Catalog::builtin().expect("the built-in catalog loads")
}

#[test]
fn question_counts_match_the_official_facts() {
    let catalog = catalog();
    let mut found = Mismatches::new("question count");
    for &(code, scored, unscored) in COUNTS {
        let Some(exam) = found.exam(&catalog, code) else {
            continue;
        };
        found.fact(
            code,
            "questions_scored",
            scored,
            &exam.format.questions_scored,
        );
        found.fact(
            code,
            "questions_unscored",
            unscored,
            &exam.format.questions_unscored,
        );
    }
    found.assert_none();
}

#[test]
fn passing_scores_match_the_official_facts() {
    let catalog = catalog();
    let mut found = Mismatches::new("passing score");
    for &(code, score) in PASSING {
        let Some(exam) = found.exam(&catalog, code) else {
            continue;
        };
        found.fact(code, "passing_score", score, &exam.format.passing_score);
    }
    found.assert_none();
}

#[test]
fn question_types_match_the_official_facts() {
    let catalog = catalog();
    let mut found = Mismatches::new("question type");
    for &(code, types) in QUESTION_TYPES {
        let Some(exam) = found.exam(&catalog, code) else {
            continue;
        };
        let fact = &exam.format.question_types;
        let mut expected = types.to_vec();
        expected.sort();
        let actual = fact.value.clone().map(|mut actual| {
            actual.sort();
            actual
        });
        if actual.as_ref() != Some(&expected) {
            found.push(code, "question_types", Some(&expected), &actual);
        }
        found.official(code, "question_types", fact.confidence);
    }
    found.assert_none();
}

#[test]
fn domains_match_the_official_facts() {
    let catalog = catalog();
    let mut found = Mismatches::new("domain");
    for &(code, domains) in DOMAINS {
        // Guards the transcription: every ✅ domain list in the facts file sums to 100%.
        let total: u32 = domains.iter().map(|&(_, weight)| u32::from(weight)).sum();
        if total != 100 {
            found.push(code, "weights in this test's table (sum)", 100, total);
        }
        let Some(exam) = found.exam(&catalog, code) else {
            continue;
        };
        let list = &exam.domains.list;
        if list.len() != domains.len() {
            found.push(code, "number of domains", domains.len(), list.len());
        }
        for (index, &(name, weight)) in domains.iter().enumerate() {
            let number = index + 1;
            let actual = list
                .get(index)
                .map(|d| (usize::from(d.number), d.name.as_str(), d.weight));
            if actual != Some((number, name, weight)) {
                found.push(
                    code,
                    &format!("domain {number}"),
                    (number, name, weight),
                    actual,
                );
            }
        }
        found.official(code, "domains", exam.domains.confidence);
    }
    found.assert_none();
}

#[test]
fn recommended_experience_matches_the_official_facts() {
    let catalog = catalog();
    let mut found = Mismatches::new("recommended experience");
    for &(code, phrases) in EXPERIENCE {
        let Some(exam) = found.exam(&catalog, code) else {
            continue;
        };
        let fact = &exam.candidate.recommended_experience;
        let text = fact.value.as_deref().unwrap_or_default().to_lowercase();
        for phrase in phrases {
            if !text.contains(&phrase.to_lowercase()) {
                found.push(
                    code,
                    "recommended_experience",
                    format!("text containing {phrase:?}"),
                    &fact.value,
                );
            }
        }
        found.official(code, "recommended_experience", fact.confidence);
    }
    found.assert_none();
}

#[test]
fn dates_match_the_official_facts() {
    let catalog = catalog();
    let mut found = Mismatches::new("date");
    for &(code, day, expected) in DATES {
        let Some(exam) = found.exam(&catalog, code) else {
            continue;
        };
        found.fact(code, day.name(), expected, day.of(exam));
    }
    found.assert_none();
}

#[test]
fn successors_match_the_official_facts() {
    let catalog = catalog();
    let mut found = Mismatches::new("successor");
    for &(code, successor) in SUCCESSORS {
        let Some(exam) = found.exam(&catalog, code) else {
            continue;
        };
        found.fact(
            code,
            "successor",
            successor.to_owned(),
            &exam.dates.successor,
        );
    }
    found.assert_none();
}

#[test]
fn statuses_match_the_official_facts() {
    let catalog = catalog();
    let mut found = Mismatches::new("status");
    for &(code, day, expected) in STATUSES {
        let Some(exam) = found.exam(&catalog, code) else {
            continue;
        };
        let actual = exam.status_on(day);
        if actual != expected {
            found.push(code, &format!("status on {day}"), expected, actual);
        }
    }
    found.assert_none();
}
