using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;
using WitSharp.HostRuntime.CanonicalAbi;

namespace WitSharp.HostRuntime.Wasi;

/// <summary>A <c>descriptor</c>: a directory or file inside a preopen, open for reading only.</summary>
internal sealed class WasiDescriptor(string root, string hostPath, bool isDirectory) : IDisposable
{
    private SafeFileHandle? file;

    public string Root { get; } = root;

    public string HostPath { get; } = hostPath;

    public bool IsDirectory { get; } = isDirectory;

    /// <summary>The file's handle, opened on first use and closed when the guest drops the descriptor.</summary>
    public SafeFileHandle File => file ??= System.IO.File.OpenHandle(HostPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);

    public void Dispose() => file?.Dispose();
}

/// <summary>What <c>read-directory</c> returns: a snapshot of the entries, handed out one by one.</summary>
internal sealed class WasiDirectoryEntries(IEnumerable<(byte Type, string Name)> entries)
{
    public Queue<(byte Type, string Name)> Remaining { get; } = new(entries);
}

/// <summary>
/// <c>wasi:filesystem/types</c> and <c>wasi:filesystem/preopens</c>: read-only access to the granted preopens and
/// nothing else. Every mutating operation returns <c>error-code.read-only</c>.
/// </summary>
internal static class WasiFilesystem
{
    private const byte TypeUnknown = 0;
    private const byte TypeDirectory = 3;
    private const byte TypeSymbolicLink = 5;
    private const byte TypeRegularFile = 6;
    private const int OpenCreate = 1, OpenDirectory = 2, OpenExclusive = 4, OpenTruncate = 8;
    private const int FlagRead = 1, FlagWrite = 2, FlagMutateDirectory = 32;
    private const int PathSymlinkFollow = 1;

    public static void DefinePreopens(WasiState state, IReadOnlyList<(string Root, string GuestPath)> preopens, IComponentImports imports, string instance)
    {
        imports.DefineFunction(instance, "get-directories", o => (Action<int>)(ret =>
        {
            var list = WasiState.AllocateList(o, preopens.Count, 12, 4);
            for (var i = 0; i < preopens.Count; i++)
            {
                var descriptor = new WasiDescriptor(preopens[i].Root, preopens[i].Root, isDirectory: true);
                o.Memory.StoreU32(list + (12 * i), (uint)state.Own(o, WasiResource.Descriptor, descriptor));
                WasiState.StoreString(o, list + (12 * i) + 4, preopens[i].GuestPath);
            }

            o.Memory.StoreU32(ret, (uint)list);
            o.Memory.StoreU32(ret + 4, (uint)preopens.Count);
        }));
    }

    public static void DefineTypes(WasiState state, IComponentImports imports, string instance)
    {
        WasiDescriptor Descriptor(CanonicalOptions o, int handle) => state.Get<WasiDescriptor>(o, WasiResource.Descriptor, handle);
        string Method(string name) => $"[method]descriptor.{name}";

        imports.DefineFunction(instance, Method("read-via-stream"), o => (Action<int, long, int>)((self, offset, ret) =>
            Complete(o, ret, 4, () =>
            {
                var descriptor = RequireFile(Descriptor(o, self));
                var stream = new FileInputStream(descriptor.File, offset);
                o.Memory.StoreU32(ret + 4, (uint)state.Own(o, WasiResource.InputStream, stream));
            })));
        imports.DefineFunction(instance, Method("write-via-stream"), o => (Action<int, long, int>)((self, _, ret) => ReadOnly(o, ret, 4, Descriptor(o, self))));
        imports.DefineFunction(instance, Method("append-via-stream"), o => (Action<int, int>)((self, ret) => ReadOnly(o, ret, 4, Descriptor(o, self))));
        imports.DefineFunction(instance, Method("advise"), o => (Action<int, long, long, int, int>)((self, _, _, _, ret) =>
            Complete(o, ret, 1, () => Descriptor(o, self))));
        imports.DefineFunction(instance, Method("sync-data"), o => (Action<int, int>)((self, ret) => Complete(o, ret, 1, () => Descriptor(o, self))));
        imports.DefineFunction(instance, Method("sync"), o => (Action<int, int>)((self, ret) => Complete(o, ret, 1, () => Descriptor(o, self))));
        imports.DefineFunction(instance, Method("get-flags"), o => (Action<int, int>)((self, ret) =>
            Complete(o, ret, 1, () =>
            {
                Descriptor(o, self);
                o.Memory.StoreU8(ret + 1, FlagRead);
            })));
        imports.DefineFunction(instance, Method("get-type"), o => (Action<int, int>)((self, ret) =>
            Complete(o, ret, 1, () => o.Memory.StoreU8(ret + 1, TypeOf(Descriptor(o, self).HostPath)))));
        imports.DefineFunction(instance, Method("set-size"), o => (Action<int, long, int>)((self, _, ret) => ReadOnly(o, ret, 1, Descriptor(o, self))));
        imports.DefineFunction(instance, Method("set-times"), o => (Action<int, int, long, int, int, long, int, int>)((self, _, _, _, _, _, _, ret) =>
            ReadOnly(o, ret, 1, Descriptor(o, self))));
        imports.DefineFunction(instance, Method("read"), o => (Action<int, long, long, int>)((self, length, offset, ret) =>
            Complete(o, ret, 4, () =>
            {
                var descriptor = RequireFile(Descriptor(o, self));
                var buffer = new byte[(int)Math.Min((ulong)length, 1 << 20)];
                var read = RandomAccess.Read(descriptor.File, buffer, offset);
                WasiState.StoreBytes(o, ret + 4, buffer.AsSpan(0, read));
                o.Memory.StoreU8(ret + 12, (byte)(read < buffer.Length || offset + read >= RandomAccess.GetLength(descriptor.File) ? 1 : 0));
            })));
        imports.DefineFunction(instance, Method("write"), o => (Action<int, int, int, long, int>)((self, _, _, _, ret) => ReadOnly(o, ret, 8, Descriptor(o, self))));
        imports.DefineFunction(instance, Method("read-directory"), o => (Action<int, int>)((self, ret) =>
            Complete(o, ret, 4, () =>
            {
                var descriptor = RequireDirectory(Descriptor(o, self));
                var entries = new DirectoryInfo(descriptor.HostPath).EnumerateFileSystemInfos()
                    .Select(e => (TypeOf(e.FullName), e.Name))
                    .OrderBy(e => e.Name, StringComparer.Ordinal)
                    .ToList();
                o.Memory.StoreU32(ret + 4, (uint)state.Own(o, WasiResource.DirectoryEntryStream, new WasiDirectoryEntries(entries)));
            })));
        imports.DefineFunction(instance, Method("create-directory-at"), o => (Action<int, int, int, int>)((self, _, _, ret) => ReadOnly(o, ret, 1, Descriptor(o, self))));
        imports.DefineFunction(instance, Method("stat"), o => (Action<int, int>)((self, ret) =>
            Complete(o, ret, 8, () => StoreStat(o, ret + 8, Descriptor(o, self).HostPath))));
        imports.DefineFunction(instance, Method("stat-at"), o => (Action<int, int, int, int, int>)((self, pathFlags, pointer, length, ret) =>
        {
            var descriptor = Descriptor(o, self);
            var path = CanonicalValues.LiftString(o, pointer, length);
            Complete(o, ret, 8, () => StoreStat(o, ret + 8, ResolveExisting(descriptor, path, (pathFlags & PathSymlinkFollow) != 0)));
        }));
        imports.DefineFunction(instance, Method("set-times-at"), o => (Action<int, int, int, int, int, long, int, int, long, int, int>)(
            (self, _, _, _, _, _, _, _, _, _, ret) => ReadOnly(o, ret, 1, Descriptor(o, self))));
        imports.DefineFunction(instance, Method("link-at"), o => (Action<int, int, int, int, int, int, int, int>)((self, _, _, _, _, _, _, ret) =>
            ReadOnly(o, ret, 1, Descriptor(o, self))));
        imports.DefineFunction(instance, Method("open-at"), o => (Action<int, int, int, int, int, int, int>)((self, pathFlags, pointer, length, openFlags, flags, ret) =>
        {
            var descriptor = Descriptor(o, self);
            var path = CanonicalValues.LiftString(o, pointer, length);
            Complete(o, ret, 4, () =>
            {
                var opened = OpenAt(RequireDirectory(descriptor), path, (pathFlags & PathSymlinkFollow) != 0, openFlags, flags);
                o.Memory.StoreU32(ret + 4, (uint)state.Own(o, WasiResource.Descriptor, opened));
            });
        }));
        imports.DefineFunction(instance, Method("readlink-at"), o => (Action<int, int, int, int>)((self, pointer, length, ret) =>
        {
            var descriptor = Descriptor(o, self);
            CanonicalValues.LiftString(o, pointer, length);
            // Link targets may spell out host paths; the guest has no use for them inside its sandbox.
            Complete(o, ret, 4, () => throw new FilesystemException(FilesystemErrorCode.NotPermitted, $"readlink in {descriptor.HostPath}"));
        }));
        imports.DefineFunction(instance, Method("remove-directory-at"), o => (Action<int, int, int, int>)((self, _, _, ret) => ReadOnly(o, ret, 1, Descriptor(o, self))));
        imports.DefineFunction(instance, Method("rename-at"), o => (Action<int, int, int, int, int, int, int>)((self, _, _, _, _, _, ret) =>
            ReadOnly(o, ret, 1, Descriptor(o, self))));
        imports.DefineFunction(instance, Method("symlink-at"), o => (Action<int, int, int, int, int, int>)((self, _, _, _, _, ret) =>
            ReadOnly(o, ret, 1, Descriptor(o, self))));
        imports.DefineFunction(instance, Method("unlink-file-at"), o => (Action<int, int, int, int>)((self, _, _, ret) => ReadOnly(o, ret, 1, Descriptor(o, self))));
        imports.DefineFunction(instance, Method("is-same-object"), o => (Func<int, int, int>)((self, other) =>
            Descriptor(o, self).HostPath == Descriptor(o, other).HostPath ? 1 : 0));
        imports.DefineFunction(instance, Method("metadata-hash"), o => (Action<int, int>)((self, ret) =>
            Complete(o, ret, 8, () => StoreMetadataHash(o, ret + 8, Descriptor(o, self).HostPath))));
        imports.DefineFunction(instance, Method("metadata-hash-at"), o => (Action<int, int, int, int, int>)((self, pathFlags, pointer, length, ret) =>
        {
            var descriptor = Descriptor(o, self);
            var path = CanonicalValues.LiftString(o, pointer, length);
            Complete(o, ret, 8, () => StoreMetadataHash(o, ret + 8, ResolveExisting(descriptor, path, (pathFlags & PathSymlinkFollow) != 0)));
        }));
        imports.DefineFunction(instance, "[method]directory-entry-stream.read-directory-entry", o => (Action<int, int>)((self, ret) =>
        {
            var entries = state.Get<WasiDirectoryEntries>(o, WasiResource.DirectoryEntryStream, self);
            o.Memory.StoreU8(ret, 0);
            if (!entries.Remaining.TryDequeue(out var entry))
            {
                o.Memory.StoreU8(ret + 4, 0);
                return;
            }

            o.Memory.StoreU8(ret + 4, 1);
            o.Memory.StoreU8(ret + 8, entry.Type);
            WasiState.StoreString(o, ret + 12, entry.Name);
        }));
        imports.DefineFunction(instance, "filesystem-error-code", o => (Action<int, int>)((error, ret) =>
        {
            var code = state.Get<WasiIoError>(o, WasiResource.IoError, error).Code;
            o.Memory.StoreU8(ret, (byte)(code is null ? 0 : 1));
            if (code is { } value)
            {
                o.Memory.StoreU8(ret + 1, (byte)value);
            }
        }));
    }

    /// <summary>Runs an operation and stores <c>ok</c> (payload written by the operation) or <c>err(error-code)</c>.</summary>
    private static void Complete(CanonicalOptions o, int ret, int payloadOffset, Action operation)
    {
        FilesystemErrorCode code;
        try
        {
            operation();
            o.Memory.StoreU8(ret, 0);
            return;
        }
        catch (FilesystemException exception)
        {
            code = exception.Code;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            code = exception switch
            {
                FileNotFoundException or DirectoryNotFoundException => FilesystemErrorCode.NoEntry,
                UnauthorizedAccessException => FilesystemErrorCode.Access,
                _ => FilesystemErrorCode.Io,
            };
        }

        o.Memory.StoreU8(ret, 1);
        o.Memory.StoreU8(ret + payloadOffset, (byte)code);
    }

    private static void ReadOnly(CanonicalOptions o, int ret, int payloadOffset, WasiDescriptor descriptor) =>
        Complete(o, ret, payloadOffset, () => throw new FilesystemException(FilesystemErrorCode.ReadOnly, $"{descriptor.HostPath} is read-only"));

    private static WasiDescriptor RequireFile(WasiDescriptor descriptor) => descriptor.IsDirectory
        ? throw new FilesystemException(FilesystemErrorCode.IsDirectory, $"{descriptor.HostPath} is a directory")
        : descriptor;

    private static WasiDescriptor RequireDirectory(WasiDescriptor descriptor) => descriptor.IsDirectory
        ? descriptor
        : throw new FilesystemException(FilesystemErrorCode.NotDirectory, $"{descriptor.HostPath} is not a directory");

    private static string ResolveExisting(WasiDescriptor descriptor, string path, bool followLast)
    {
        var resolved = WasiSandbox.Resolve(descriptor.Root, RequireDirectory(descriptor).HostPath, path, followLast);
        return File.Exists(resolved) || Directory.Exists(resolved) || new FileInfo(resolved).LinkTarget is not null
            ? resolved
            : throw new FilesystemException(FilesystemErrorCode.NoEntry, $"{path} does not exist");
    }

    private static WasiDescriptor OpenAt(WasiDescriptor directory, string path, bool followLast, int openFlags, int flags)
    {
        if ((openFlags & (OpenCreate | OpenExclusive | OpenTruncate)) != 0 || (flags & (FlagWrite | FlagMutateDirectory)) != 0)
        {
            throw new FilesystemException(FilesystemErrorCode.ReadOnly, $"{path} cannot be opened for writing: preopens are read-only");
        }

        var resolved = ResolveExisting(directory, path, followLast);
        var isDirectory = Directory.Exists(resolved);
        if ((openFlags & OpenDirectory) != 0 && !isDirectory)
        {
            throw new FilesystemException(FilesystemErrorCode.NotDirectory, $"{path} is not a directory");
        }

        return new WasiDescriptor(directory.Root, resolved, isDirectory);
    }

    private static byte TypeOf(string hostPath)
    {
        var info = new FileInfo(hostPath);
        if (info.LinkTarget is not null)
        {
            return TypeSymbolicLink;
        }

        return Directory.Exists(hostPath) ? TypeDirectory : info.Exists ? TypeRegularFile : TypeUnknown;
    }

    /// <summary>Stores a <c>descriptor-stat</c> (size 96, align 8).</summary>
    private static void StoreStat(CanonicalOptions o, int at, string hostPath)
    {
        var type = TypeOf(hostPath);
        FileSystemInfo info = type == TypeDirectory ? new DirectoryInfo(hostPath) : new FileInfo(hostPath);
        if (!info.Exists && type != TypeSymbolicLink)
        {
            throw new FilesystemException(FilesystemErrorCode.NoEntry, $"{hostPath} does not exist");
        }

        o.Memory.StoreU8(at, type);
        o.Memory.StoreU64(at + 8, 1);
        o.Memory.StoreU64(at + 16, info is FileInfo { Exists: true } file ? (ulong)file.Length : 0);
        StoreTimestamp(o, at + 24, info.LastAccessTimeUtc);
        StoreTimestamp(o, at + 48, info.LastWriteTimeUtc);
        StoreTimestamp(o, at + 72, info.LastWriteTimeUtc);
    }

    /// <summary>Stores <c>some(datetime)</c> (option: discriminant at 0, datetime at 8).</summary>
    private static void StoreTimestamp(CanonicalOptions o, int at, DateTime utc)
    {
        var sinceEpoch = utc - DateTime.UnixEpoch;
        o.Memory.StoreU8(at, 1);
        WasiClockImports.StoreDatetime(o, at + 8, (ulong)Math.Max(0, sinceEpoch.Ticks / TimeSpan.TicksPerSecond),
            (uint)Math.Max(0, sinceEpoch.Ticks % TimeSpan.TicksPerSecond * 100));
    }

    /// <summary>Stores a <c>metadata-hash-value</c>: a hash of the canonical path and modification time, which is
    /// what identifies a file here (.NET exposes no inode numbers).</summary>
    private static void StoreMetadataHash(CanonicalOptions o, int at, string hostPath)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{hostPath}\0{File.GetLastWriteTimeUtc(hostPath).Ticks}"));
        o.Memory.StoreU64(at, BitConverter.ToUInt64(hash, 0));
        o.Memory.StoreU64(at + 8, BitConverter.ToUInt64(hash, 8));
    }
}
