//! `bank stats`: what the bank holds for each exam, against the catalog's blueprint.

use crate::model::{Item, ItemType, Status};
use catalog::Catalog;

/// One domain's coverage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainCoverage {
    /// Domain number.
    pub number: u8,
    /// Domain name.
    pub name: String,
    /// Weight in percent.
    pub weight: u8,
    /// Usable items (not retired) placed on the domain.
    pub items: usize,
    /// Of those, reviewed ones.
    pub reviewed: usize,
    /// Items one full form takes from this domain (largest-remainder share of all its questions).
    pub per_form: u32,
    /// Items still needed for the requested number of forms.
    pub needed: u32,
}

/// One task statement's coverage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskCoverage {
    /// Task id, such as `1.2`.
    pub id: String,
    /// The statement.
    pub statement: String,
    /// Usable items placed on it.
    pub items: usize,
}

/// What the bank holds for one exam.
#[derive(Debug, Clone, PartialEq)]
pub struct ExamCoverage {
    /// Exam code.
    pub exam: String,
    /// Credential name.
    pub name: String,
    /// Usable (not retired) items.
    pub items: usize,
    /// Items by status.
    pub by_status: Vec<(Status, usize)>,
    /// Items by type.
    pub by_type: Vec<(ItemType, usize)>,
    /// Questions on one full form (scored + unscored), when known.
    pub form_size: Option<u32>,
    /// Coverage by domain.
    pub domains: Vec<DomainCoverage>,
    /// Coverage by task, where the catalog has tasks.
    pub tasks: Vec<TaskCoverage>,
    /// Usable items with no task.
    pub without_task: usize,
    /// How many full forms the bank can fill, domain by domain (the smallest domain decides).
    pub full_forms: Option<u32>,
}

/// Coverage of every exam the bank places items on, in catalog order, for `forms` full forms.
pub fn coverage(items: &[Item], catalog: &Catalog, forms: u32) -> Vec<ExamCoverage> {
    let mut out = Vec::new();
    for exam in catalog.exams() {
        let placed: Vec<(&Item, &crate::model::Placement)> = items
            .iter()
            .filter_map(|i| i.placement(&exam.code).map(|p| (i, p)))
            .collect();
        if placed.is_empty() {
            continue;
        }
        let usable: Vec<&(&Item, &crate::model::Placement)> = placed
            .iter()
            .filter(|(i, _)| i.status != Status::Retired)
            .collect();
        let by_status = Status::ALL
            .iter()
            .map(|s| (*s, placed.iter().filter(|(i, _)| i.status == *s).count()))
            .filter(|(_, n)| *n > 0)
            .collect();
        let by_type = ItemType::ALL
            .iter()
            .map(|t| (*t, usable.iter().filter(|(i, _)| i.item_type == *t).count()))
            .filter(|(_, n)| *n > 0)
            .collect();
        let form_size = exam.format.questions_total();
        let allocation = form_size
            .map(|n| exam.domains.allocate(n))
            .unwrap_or_default();
        let domains: Vec<DomainCoverage> = exam
            .domains
            .list
            .iter()
            .enumerate()
            .map(|(index, domain)| {
                let here: Vec<&&(&Item, &crate::model::Placement)> = usable
                    .iter()
                    .filter(|(_, p)| p.domain == domain.number)
                    .collect();
                let per_form = allocation.get(index).copied().unwrap_or(0);
                let items = here.len();
                DomainCoverage {
                    number: domain.number,
                    name: domain.name.clone(),
                    weight: domain.weight,
                    items,
                    reviewed: here
                        .iter()
                        .filter(|(i, _)| i.status == Status::Reviewed)
                        .count(),
                    per_form,
                    needed: (per_form * forms).saturating_sub(items as u32),
                }
            })
            .collect();
        let tasks = exam
            .domains
            .list
            .iter()
            .flat_map(|d| d.tasks.iter())
            .map(|t| TaskCoverage {
                id: t.id.clone(),
                statement: t.statement.clone(),
                items: usable
                    .iter()
                    .filter(|(_, p)| p.task.as_deref() == Some(t.id.as_str()))
                    .count(),
            })
            .collect();
        let full_forms = (!domains.is_empty() && form_size.is_some()).then(|| {
            domains
                .iter()
                .filter(|d| d.per_form > 0)
                .map(|d| d.items as u32 / d.per_form)
                .min()
                .unwrap_or(0)
        });
        out.push(ExamCoverage {
            exam: exam.code.clone(),
            name: exam.name.clone(),
            items: usable.len(),
            by_status,
            by_type,
            form_size,
            domains,
            tasks,
            without_task: usable.iter().filter(|(_, p)| p.task.is_none()).count(),
            full_forms,
        });
    }
    out
}
