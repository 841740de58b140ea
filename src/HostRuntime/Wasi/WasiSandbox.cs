namespace WitSharp.HostRuntime.Wasi;

/// <summary><c>wasi:filesystem/types.error-code</c>, in declaration order (the discriminant is the value).</summary>
internal enum FilesystemErrorCode : byte
{
    Access, WouldBlock, Already, BadDescriptor, Busy, Deadlock, Quota, Exist, FileTooLarge, IllegalByteSequence,
    InProgress, Interrupted, Invalid, Io, IsDirectory, Loop, TooManyLinks, MessageSize, NameTooLong, NoDevice,
    NoEntry, NoLock, InsufficientMemory, InsufficientSpace, NotDirectory, NotEmpty, NotRecoverable, Unsupported,
    NoTty, NoSuchDevice, Overflow, NotPermitted, Pipe, ReadOnly, InvalidSeek, TextFileBusy, CrossDevice,
}

/// <summary>A filesystem operation the guest asked for failed with an error code (returned as <c>err</c>).</summary>
internal sealed class FilesystemException(FilesystemErrorCode code, string message) : Exception(message)
{
    public FilesystemErrorCode Code { get; } = code;
}

/// <summary>
/// Resolves guest paths inside a preopened directory the way a sandbox must: component by component, following
/// symlinks itself, so that <c>..</c>, absolute paths and symlinks (relative or absolute) can never lead outside
/// the root. The check runs on every access (a racing host-side rename between check and use is not defended).
/// </summary>
internal static class WasiSandbox
{
    private const int MaxSymlinkHops = 40;

    /// <summary>The canonical form of a host directory (every symlink in it resolved).</summary>
    public static string CanonicalRoot(string directory)
    {
        var full = Path.GetFullPath(directory);
        var hops = 0;
        var resolved = Walk("/", full.Split('/', StringSplitOptions.RemoveEmptyEntries), followLast: true, root: null, ref hops);
        if (!Directory.Exists(resolved))
        {
            throw new DirectoryNotFoundException($"preopened directory {directory} does not exist");
        }

        return resolved;
    }

    /// <summary>Resolves <paramref name="path"/> relative to <paramref name="directory"/> (itself inside
    /// <paramref name="root"/>); the result is inside the root or the call fails.</summary>
    /// <exception cref="FilesystemException">Absolute path, escape from the root, or a symlink loop.</exception>
    public static string Resolve(string root, string directory, string path, bool followLast)
    {
        if (path.StartsWith('/'))
        {
            throw new FilesystemException(FilesystemErrorCode.NotPermitted, $"absolute path {path} is refused: paths are relative to a preopened directory");
        }

        if (path.Contains('\0'))
        {
            throw new FilesystemException(FilesystemErrorCode.IllegalByteSequence, "path contains a NUL character");
        }

        var hops = 0;
        return Walk(directory, path.Split('/', StringSplitOptions.RemoveEmptyEntries), followLast, root, ref hops);
    }

    private static string Walk(string start, IEnumerable<string> segments, bool followLast, string? root, ref int hops)
    {
        var current = start;
        var list = segments.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var segment = list[i];
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (root is not null && current == root)
                {
                    throw new FilesystemException(FilesystemErrorCode.NotPermitted, "path leads above the preopened directory");
                }

                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var next = Path.Join(current, segment);
            // LinkTarget reads the link itself (lstat), so dangling links are caught too.
            var target = new FileInfo(next).LinkTarget;
            if (target is not null && (i < list.Count - 1 || followLast))
            {
                if (++hops > MaxSymlinkHops)
                {
                    throw new FilesystemException(FilesystemErrorCode.Loop, $"too many symbolic links resolving {segment}");
                }

                // The target is resolved from the link's directory (or from / when absolute) and must itself stay inside.
                var targetStart = target.StartsWith('/') ? "/" : current;
                var resolved = Walk(targetStart, target.Split('/', StringSplitOptions.RemoveEmptyEntries), followLast: true, root: null, ref hops);
                if (root is not null && !IsInside(root, resolved))
                {
                    throw new FilesystemException(FilesystemErrorCode.NotPermitted, $"symbolic link {segment} leads outside the preopened directory");
                }

                current = resolved;
                continue;
            }

            current = next;
        }

        return current;
    }

    public static bool IsInside(string root, string path) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);
}
