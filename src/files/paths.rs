//! Output safety: before a run reads anything, every output path is checked
//! against every input and every other output, so that a slip on the
//! command line (`--out registry.csv`, `--rejects` equal to `--out`, an
//! output that is a link to an input) is refused instead of destroying data.
//!
//! Two paths are the same file when they are the same path once `.`/`..`
//! and symbolic links are resolved (for a file that does not exist yet: its
//! directory resolved, plus its name), or — on Unix — when both exist and
//! share device and inode (hard links).

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};

/// What a path is, for comparison.
struct Identity {
    canonical: PathBuf,
    /// (device, inode) of an existing file.
    file: Option<(u64, u64)>,
}

fn identify(path: &Path) -> Identity {
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| {
        // Not there yet (or a dangling link): its directory resolved, plus its name.
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let absolute = lexical(&absolute);
        match (absolute.parent(), absolute.file_name()) {
            (Some(dir), Some(name)) => std::fs::canonicalize(dir).map(|d| d.join(name)).unwrap_or(absolute.clone()),
            _ => absolute,
        }
    });
    Identity { canonical, file: file_id(path) }
}

#[cfg(unix)]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(_path: &Path) -> Option<(u64, u64)> {
    None
}

/// `a/./b/../c` → `a/c`, without touching the file system.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

impl Identity {
    fn same(&self, other: &Identity) -> bool {
        self.canonical == other.canonical || matches!((self.file, other.file), (Some(a), Some(b)) if a == b)
    }
}

/// Refuses a set of paths in which an output would overwrite an input or
/// another output: each output is compared with every input and every other
/// output (same path after resolving links, or the same file by device and
/// inode). Also refuses an output that is an existing directory. Each path
/// comes with its role (`"--out"`, `"--registry"` …), which the error
/// names. Call it before reading anything.
///
/// ```
/// use std::path::Path;
/// let e = dualcit::check_outputs(&[("--registry", Path::new("registry.csv"))], &[("--out", Path::new("./registry.csv"))]).unwrap_err();
/// assert!(e.to_string().contains("refusing to overwrite an input"));
/// ```
pub fn check_outputs(inputs: &[(&str, &Path)], outputs: &[(&str, &Path)]) -> Result<()> {
    let inputs: Vec<(&str, &Path, Identity)> = inputs.iter().map(|&(r, p)| (r, p, identify(p))).collect();
    let outputs: Vec<(&str, &Path, Identity)> = outputs.iter().map(|&(r, p)| (r, p, identify(p))).collect();
    for (i, (role, path, id)) in outputs.iter().enumerate() {
        if path.is_dir() {
            return Err(Error::from(ErrorKind::Output { path: path.to_path_buf(), message: format!("{role} names a directory; give a file name") }));
        }
        let clash = |other_role: &str, other: &Path, other_is_input: bool| {
            Error::from(ErrorKind::SameFile {
                path: path.to_path_buf(),
                role: role.to_string(),
                other: other.to_path_buf(),
                other_role: other_role.to_string(),
                other_is_input,
            })
        };
        if let Some((r, p, _)) = inputs.iter().find(|(_, _, other)| id.same(other)) {
            return Err(clash(r, p, true));
        }
        if let Some((r, p, _)) = outputs[..i].iter().find(|(_, _, other)| id.same(other)) {
            return Err(clash(r, p, false));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_path_in_other_spellings_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let reg = dir.path().join("registry.csv");
        std::fs::write(&reg, "id,surname\n").unwrap();
        let other = dir.path().join("sub").join("..").join("registry.csv");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let e = check_outputs(&[("--registry", &reg)], &[("--out", &other)]).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::SameFile { other_is_input: true, .. }), "{e}");
        // Two outputs that do not exist yet, spelled differently.
        let a = dir.path().join("o.csv");
        let b = dir.path().join(".").join("o.csv");
        let e = check_outputs(&[], &[("--out", &a), ("--rejects", &b)]).unwrap_err();
        assert_eq!(e.to_string(), format!("--rejects {} is the same file as --out {}: each output needs a file of its own", b.display(), a.display()));
        assert!(check_outputs(&[("--registry", &reg)], &[("--out", &a), ("--rejects", &dir.path().join("r.csv"))]).is_ok());
        let e = check_outputs(&[], &[("--out", dir.path())]).unwrap_err();
        assert!(e.to_string().contains("directory"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn links_count() {
        let dir = tempfile::tempdir().unwrap();
        let reg = dir.path().join("registry.csv");
        std::fs::write(&reg, "id,surname\n").unwrap();
        let soft = dir.path().join("soft.csv");
        std::os::unix::fs::symlink(&reg, &soft).unwrap();
        let hard = dir.path().join("hard.csv");
        std::fs::hard_link(&reg, &hard).unwrap();
        for out in [&soft, &hard] {
            let e = check_outputs(&[("--registry", &reg)], &[("--out", out)]).unwrap_err();
            assert!(matches!(e.kind(), ErrorKind::SameFile { .. }), "{e}");
        }
        // A link among the outputs only.
        let e = check_outputs(&[], &[("--out", &reg), ("--report", &hard)]).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::SameFile { other_is_input: false, .. }), "{e}");
    }
}
