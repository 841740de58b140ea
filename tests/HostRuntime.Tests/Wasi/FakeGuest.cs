using System.Text;
using Microsoft.Extensions.Logging;
using WitSharp.HostRuntime.CanonicalAbi;

namespace WitSharp.HostRuntime.Tests.Wasi;

/// <summary>
/// Stands in for the component runtime and a guest: collects the WASI host's lowerings like a linker, gives them
/// canonical options over a plain byte array with a bump-allocating cabi_realloc, and drops handles like
/// <c>canon resource.drop</c> does.
/// </summary>
internal sealed class FakeGuest : IComponentImports
{
    private readonly Dictionary<(string? Instance, string Function), ImportLowering> functions = [];
    private readonly Dictionary<string, Action<int>> destructors = [];
    private readonly ArrayMemory memory = new(new byte[1 << 20]);
    private int nextFree = 4096;

    public FakeGuest()
    {
        Options = new CanonicalOptions(memory, Realloc, StringEncoding.Utf8, new ResourceTables());
    }

    public CanonicalOptions Options { get; }

    public IEnumerable<(string? Instance, string Function)> Defined => functions.Keys;

    public IEnumerable<string> DestructorKeys => destructors.Keys;

    public void DefineFunction(string? instanceName, string functionName, ImportLowering lowering) =>
        functions.Add((instanceName, functionName), lowering);

    public void DefineResourceDestructor(string instanceName, string resourceName, Action<int> destructor) =>
        destructors.Add($"{instanceName}#{resourceName}", destructor);

    /// <summary>The lowered core function, as the runtime would build it for the guest.</summary>
    public TDelegate Import<TDelegate>(string instance, string function) where TDelegate : Delegate =>
        (TDelegate)functions[(instance, function)](Options);

    /// <summary>What <c>canon resource.drop</c> does for an owned handle of a host resource.</summary>
    public void Drop(string resourceKey, int handle) =>
        destructors[resourceKey](Options.Resources.For(resourceKey).Remove(handle));

    /// <summary>A fresh 8-aligned scratch area (a guest's return area).</summary>
    public int ReturnArea(int size = 128) => Realloc(0, 0, 8, size);

    public (int Pointer, int Length) String(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var pointer = Realloc(0, 0, 1, bytes.Length);
        bytes.CopyTo(memory.Bytes[pointer..]);
        return (pointer, bytes.Length);
    }

    public (int Pointer, int Length) Bytes(byte[] bytes)
    {
        var pointer = Realloc(0, 0, 1, bytes.Length);
        bytes.CopyTo(memory.Bytes[pointer..]);
        return (pointer, bytes.Length);
    }

    public byte U8(int at) => memory.LoadU8(at);

    public uint U32(int at) => memory.LoadU32(at);

    public ulong U64(int at) => memory.LoadU64(at);

    /// <summary>Reads a (ptr, len) string stored at <paramref name="at"/>.</summary>
    public string StringAt(int at) => Encoding.UTF8.GetString(memory.Bytes.Slice((int)U32(at), (int)U32(at + 4)));

    /// <summary>Reads a (ptr, len) list of bytes stored at <paramref name="at"/>.</summary>
    public byte[] BytesAt(int at) => memory.Bytes.Slice((int)U32(at), (int)U32(at + 4)).ToArray();

    private int Realloc(int originalPointer, int originalSize, int alignment, int newSize)
    {
        var pointer = (nextFree + alignment - 1) & -alignment;
        nextFree = pointer + newSize;
        if (originalPointer != 0)
        {
            memory.Bytes.Slice(originalPointer, originalSize).CopyTo(memory.Bytes[pointer..]);
        }

        return pointer;
    }

    private sealed class ArrayMemory(byte[] bytes) : GuestMemory
    {
        public override Span<byte> Bytes => bytes;
    }
}
