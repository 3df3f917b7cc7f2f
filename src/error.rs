//! Errors. Every error says where it happened: the file, and where it applies
//! the line and field. Messages never quote personal data.
//!
//! Layer (ARCHITECTURE.md, "Layers"): uses no other module of the crate.

use std::fmt;
use std::path::{Path, PathBuf};

/// A dualcit error. Cheap to move (boxed); inspect it with [`Error::kind`].
#[derive(Debug)]
pub struct Error(Box<ErrorKind>);

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file could not be opened, read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A file's bytes are not valid in its encoding.
    Encoding {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first bad byte.
        line: u64,
        /// What was wrong.
        message: String,
    },
    /// A file's structure cannot be used at all (no header, required column missing…).
    Format {
        /// The file.
        path: PathBuf,
        /// 1-based line, when one applies.
        line: Option<u64>,
        /// The column, when one applies.
        field: Option<String>,
        /// What was wrong.
        message: String,
    },
    /// A model file is invalid.
    Model {
        /// The file, if the model came from one.
        path: Option<PathBuf>,
        /// What was wrong.
        message: String,
    },
    /// A saved index cannot be used (not an index, another version, damaged).
    Index {
        /// The file, if the index came from one.
        path: Option<PathBuf>,
        /// What was wrong.
        message: String,
    },
    /// A configuration value is invalid.
    Config(String),
    /// Writing an output failed.
    Output {
        /// The output.
        path: PathBuf,
        /// What was wrong.
        message: String,
    },
    /// An output names the same file as an input or another output (the
    /// same path once links are resolved, or the same device and inode), so
    /// writing it would destroy data. Checked before anything is read.
    SameFile {
        /// The output.
        path: PathBuf,
        /// What the output is (a flag such as `--out`, or a caller's label).
        role: String,
        /// The input or output it collides with.
        other: PathBuf,
        /// What that one is.
        other_role: String,
        /// Whether `other` is an input (else another output).
        other_is_input: bool,
    },
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// Consumes the error, returning its kind.
    pub fn into_kind(self) -> ErrorKind {
        *self.0
    }

    /// The file the error is about, if any.
    pub fn path(&self) -> Option<&Path> {
        match &*self.0 {
            ErrorKind::Io { path, .. }
            | ErrorKind::Encoding { path, .. }
            | ErrorKind::Format { path, .. }
            | ErrorKind::Output { path, .. }
            | ErrorKind::SameFile { path, .. } => Some(path),
            ErrorKind::Model { path, .. } | ErrorKind::Index { path, .. } => path.as_deref(),
            ErrorKind::Config(_) => None,
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error(Box::new(ErrorKind::Io { path: path.into(), source }))
    }

    /// Writing `path` failed: the OS error in plain words.
    pub(crate) fn output(path: impl Into<PathBuf>, source: &std::io::Error) -> Error {
        Error(Box::new(ErrorKind::Output { path: path.into(), message: format!("cannot write: {}", plain_io(source)) }))
    }

    pub(crate) fn format(path: impl Into<PathBuf>, line: Option<u64>, field: Option<&str>, message: impl Into<String>) -> Error {
        Error(Box::new(ErrorKind::Format { path: path.into(), line, field: field.map(str::to_owned), message: message.into() }))
    }

    pub(crate) fn model(path: Option<&Path>, message: impl Into<String>) -> Error {
        Error(Box::new(ErrorKind::Model { path: path.map(Path::to_path_buf), message: message.into() }))
    }

    pub(crate) fn index(path: Option<&Path>, message: impl Into<String>) -> Error {
        Error(Box::new(ErrorKind::Index { path: path.map(Path::to_path_buf), message: message.into() }))
    }

    pub(crate) fn config(message: impl Into<String>) -> Error {
        Error(Box::new(ErrorKind::Config(message.into())))
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error(Box::new(kind))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            ErrorKind::Io { path, source } => write!(f, "{}: {}", path.display(), plain_io(source)),
            ErrorKind::Encoding { path, line, message } => write!(f, "{}:{line}: {message}", path.display()),
            ErrorKind::Format { path, line, field, message } => {
                write!(f, "{}", path.display())?;
                if let Some(line) = line {
                    write!(f, ":{line}")?;
                }
                if let Some(field) = field {
                    write!(f, ": field '{field}'")?;
                }
                write!(f, ": {message}")
            }
            ErrorKind::Model { path: Some(path), message } => write!(f, "model {}: {message}", path.display()),
            ErrorKind::Model { path: None, message } => write!(f, "model: {message}"),
            ErrorKind::Index { path: Some(path), message } => write!(f, "index {}: {message}", path.display()),
            ErrorKind::Index { path: None, message } => write!(f, "index: {message}"),
            ErrorKind::Config(message) => write!(f, "configuration: {message}"),
            ErrorKind::Output { path, message } => write!(f, "{}: {message}", path.display()),
            ErrorKind::SameFile { path, role, other, other_role, other_is_input } => {
                write!(f, "{role} {} is the same file as {other_role} {}", path.display(), other.display())?;
                if *other_is_input {
                    f.write_str(": refusing to overwrite an input; write the output somewhere else")
                } else {
                    f.write_str(": each output needs a file of its own")
                }
            }
        }
    }
}

/// The message already says what the operating system said (in plain
/// words), so no source is chained: a reporter that prints the chain would
/// print it twice. The OS error itself is in [`ErrorKind::Io`].
impl std::error::Error for Error {}

/// An operating-system error in plain words, without the `(os error N)`
/// suffix: "no such file or directory", "permission denied" …
pub fn plain_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let words = match e.kind() {
        K::NotFound => "no such file or directory",
        K::PermissionDenied => "permission denied",
        K::AlreadyExists => "the file already exists",
        K::IsADirectory => "it is a directory, not a file",
        K::NotADirectory => "a part of the path is not a directory",
        K::StorageFull => "no space left on the device",
        K::ReadOnlyFilesystem => "the file system is read-only",
        K::Interrupted => "interrupted",
        K::UnexpectedEof => "the file ended early",
        _ => {
            let text = e.to_string();
            let text = match text.rfind(" (os error ") {
                Some(i) if text.ends_with(')') => text[..i].to_string(),
                _ => text,
            };
            let mut chars = text.chars();
            return match chars.next() {
                Some(c) => c.to_lowercase().chain(chars).collect(),
                None => "input/output error".to_string(),
            };
        }
    };
    words.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_locate_the_problem() {
        let e = Error::format("reg.csv", Some(7), Some("birth_date"), "bad");
        assert_eq!(e.to_string(), "reg.csv:7: field 'birth_date': bad");
        assert_eq!(e.path(), Some(Path::new("reg.csv")));
        let e = Error::io("x.csv", std::io::Error::new(std::io::ErrorKind::NotFound, "not found"));
        assert_eq!(e.to_string(), "x.csv: no such file or directory");
    }

    #[test]
    fn os_errors_are_said_once_in_plain_words() {
        let os = std::fs::File::open("/nonexistent/dualcit/x.csv").unwrap_err();
        let e = Error::io("x.csv", os);
        assert_eq!(e.to_string(), "x.csv: no such file or directory");
        assert!(std::error::Error::source(&e).is_none(), "the message must not be repeated by a chained source");
        let other = std::io::Error::other("Disk quota exceeded (os error 122)");
        assert_eq!(plain_io(&other), "disk quota exceeded");
        let e = Error::output("o.csv", &std::io::Error::from(std::io::ErrorKind::PermissionDenied));
        assert_eq!(e.to_string(), "o.csv: cannot write: permission denied");
    }
}
