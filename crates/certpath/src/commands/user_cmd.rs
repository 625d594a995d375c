//! `certpath user`: the web app's accounts, from the command line (the first admin is made
//! here, since no one can sign in as an admin before there is one).

use crate::Io;
use crate::cli::UserCommand;
use crate::error::AppError;
use std::path::Path;
use storage::Role;

/// Runs `certpath user ...`.
pub fn run(database: Option<&Path>, command: UserCommand, io: &mut Io<'_>) -> Result<(), AppError> {
    match command {
        UserCommand::List { database_url } => {
            let opened = super::open_store(database, database_url.as_deref())?;
            let users = opened
                .store
                .users()
                .map_err(|e| AppError::Storage(e.to_string()))?;
            if users.is_empty() {
                writeln!(
                    io.stdout,
                    "No accounts yet in {}; people sign up on the web app (certpath serve).",
                    opened.place
                )?;
                return Ok(());
            }
            for user in users {
                writeln!(
                    io.stdout,
                    "{:<32} {:<8} since {}",
                    user.name,
                    user.role.as_str(),
                    user.created_at.date()
                )?;
            }
            Ok(())
        }
        UserCommand::Role {
            name,
            role,
            database_url,
        } => {
            let role = Role::from_name(&role.to_ascii_lowercase()).ok_or_else(|| {
                AppError::Usage(format!(
                    "unknown role `{role}`; choose learner, author or admin"
                ))
            })?;
            let opened = super::open_store(database, database_url.as_deref())?;
            let user = opened
                .store
                .user_by_name(&name)
                .map_err(|e| AppError::Storage(e.to_string()))?
                .ok_or_else(|| {
                    AppError::Usage(format!(
                        "no account is named `{name}` in {}; `certpath user list` lists them",
                        opened.place
                    ))
                })?;
            opened
                .store
                .set_role(&user.id, role)
                .map_err(|e| AppError::Storage(e.to_string()))?;
            writeln!(io.stdout, "{} is now {}.", user.name, role.as_str())?;
            Ok(())
        }
    }
}
