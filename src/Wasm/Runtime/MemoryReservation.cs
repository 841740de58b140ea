using System.Runtime.InteropServices;

namespace WitSharp.Wasm;

/// <summary>
/// Address space reserved once for a linear memory's largest possible size and made accessible page by page as it
/// grows. The base address never moves, so compiled code may keep it in a register across growth and spans handed to
/// the host stay valid. Released when the owning <see cref="Memory"/> is collected.
/// </summary>
internal sealed unsafe partial class MemoryReservation : SafeHandle
{
    private readonly nuint _reserved;

    private MemoryReservation(nint address, nuint reserved) : base(0, ownsHandle: true)
    {
        SetHandle(address);
        _reserved = reserved;
    }

    /// <summary>The first byte.</summary>
    public byte* Base => (byte*)handle;

    /// <summary>Bytes currently readable and writable, starting at <see cref="Base"/>.</summary>
    public ulong Accessible { get; private set; }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == 0;

    /// <summary>Reserves <paramref name="bytes"/> of address space, none of it accessible yet; <see langword="null"/> when the system refuses.</summary>
    public static MemoryReservation? Reserve(ulong bytes)
    {
        // A zero-size reservation is not allowed; one page keeps the base address meaningful.
        var size = (nuint)Math.Max(bytes, (ulong)Environment.SystemPageSize);
        var address = ReserveCore(size);
        if (address == 0)
        {
            // Collected memories release their reservations in finalizers; give them one chance before failing.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            address = ReserveCore(size);
        }

        return address == 0 ? null : new MemoryReservation(address, size);
    }

    /// <summary>Makes the first <paramref name="bytes"/> accessible (zero-filled); false when the system refuses.</summary>
    public bool TryMakeAccessible(ulong bytes)
    {
        if (bytes <= Accessible)
        {
            return true;
        }

        if (bytes > _reserved || !CommitCore(handle + (nint)Accessible, (nuint)(bytes - Accessible)))
        {
            return false;
        }

        Accessible = bytes;
        return true;
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle() =>
        OperatingSystem.IsWindows() ? VirtualFree(handle, 0, MemRelease) : munmap(handle, _reserved) == 0;

    private static nint ReserveCore(nuint size)
    {
        if (OperatingSystem.IsWindows())
        {
            return VirtualAlloc(0, size, MemReserve, PageNoAccess);
        }

        var flags = OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()
            ? MapPrivate | MapAnonymousBsd | MapNoReserveBsd
            : MapPrivate | MapAnonymousLinux | MapNoReserveLinux;
        var address = mmap(0, size, ProtNone, flags, -1, 0);
        return address == -1 ? 0 : address;
    }

    private static bool CommitCore(nint address, nuint size) =>
        OperatingSystem.IsWindows()
            ? VirtualAlloc(address, size, MemCommit, PageReadWrite) != 0
            : mprotect(address, size, ProtRead | ProtWrite) == 0;

    private const int ProtNone = 0;
    private const int ProtRead = 1;
    private const int ProtWrite = 2;
    private const int MapPrivate = 0x02;
    private const int MapAnonymousLinux = 0x20;
    private const int MapNoReserveLinux = 0x4000;
    private const int MapAnonymousBsd = 0x1000;
    private const int MapNoReserveBsd = 0x40;
    private const uint MemCommit = 0x1000;
    private const uint MemReserve = 0x2000;
    private const uint MemRelease = 0x8000;
    private const uint PageNoAccess = 0x01;
    private const uint PageReadWrite = 0x04;

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint mmap(nint address, nuint length, int protection, int flags, int descriptor, nint offset);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int mprotect(nint address, nuint length, int protection);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int munmap(nint address, nuint length);

    [LibraryImport("kernel32", SetLastError = true)]
    private static partial nint VirtualAlloc(nint address, nuint size, uint allocationType, uint protection);

    [LibraryImport("kernel32", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool VirtualFree(nint address, nuint size, uint freeType);
}
