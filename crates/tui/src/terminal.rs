//! The terminal loop: raw mode, the alternate screen and mouse capture, always restored.

use crate::{App, Recorder};
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use crossterm::execute;
use std::io::{self, stdout};
use std::time::Duration;

/// How long one wait for input lasts before the UI ticks (the timer and the time-out).
const TICK: Duration = Duration::from_millis(250);

/// Puts the terminal back when dropped: on a normal return, an error (`?`) and an unwinding
/// panic alike.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = execute!(stdout(), DisableMouseCapture);
        ratatui::restore();
    }
}

/// Whether `NO_COLOR` asks for no colours (set and not empty, as no-color.org says).
pub(crate) fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Runs the exam UI full screen until the user leaves: see the crate docs.
///
/// # Errors
///
/// An I/O error of the terminal (entering raw mode, drawing, reading input). The terminal is
/// restored first.
pub fn run(recorder: &mut dyn Recorder) -> io::Result<()> {
    let mut app = App::new(recorder).with_colors(!no_color());
    // Created before the terminal is set up, so a half-done setup is undone too.
    let _restore = Restore;
    // Raw mode and the alternate screen, with ratatui's panic hook that restores them
    // before the panic message is printed.
    let mut terminal = ratatui::try_init()?;
    // That hook does not know about mouse capture: turn it off first, then call it.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture);
        hook(info);
    }));
    execute!(stdout(), EnableMouseCapture)?;
    loop {
        terminal.draw(|frame| app.draw(frame, recorder))?;
        if app.should_quit() {
            break;
        }
        if event::poll(TICK)? {
            match event::read()? {
                Event::Key(key) => app.handle_key(key, recorder),
                Event::Mouse(mouse) => app.handle_mouse(mouse, recorder),
                _ => {}
            }
        }
        app.tick(recorder);
    }
    Ok(())
}
