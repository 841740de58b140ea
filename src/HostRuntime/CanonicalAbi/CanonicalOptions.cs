namespace WitSharp.HostRuntime.CanonicalAbi;

/// <summary>The string encodings a <c>canon lift</c>/<c>canon lower</c> may select.</summary>
public enum StringEncoding
{
    /// <summary><c>string-encoding=utf8</c> (the default).</summary>
    Utf8,

    /// <summary><c>string-encoding=utf16</c>.</summary>
    Utf16,

    /// <summary><c>string-encoding=latin1+utf16</c>.</summary>
    Latin1Utf16,
}

/// <summary>A guest's <c>cabi_realloc</c>: <c>(original-ptr, original-size, alignment, new-size) -> ptr</c>.</summary>
public delegate int ReallocFunction(int originalPointer, int originalSize, int alignment, int newSize);

/// <summary>
/// The canonical options of one lifted export or lowered import, fixed at instantiation: the guest memory,
/// <c>cabi_realloc</c> and string encoding the generated lift/lower code uses, plus the instance's resource handle table.
/// </summary>
public sealed class CanonicalOptions
{
    private readonly GuestMemory? memory;
    private readonly ReallocFunction? realloc;

    /// <summary>Creates options; <paramref name="memory"/> and <paramref name="realloc"/> may be absent when the
    /// function's signature does not need them (the component runtime validates that at load).</summary>
    /// <param name="memory">The <c>memory</c> option.</param>
    /// <param name="realloc">The <c>realloc</c> option.</param>
    /// <param name="stringEncoding">The <c>string-encoding</c> option.</param>
    /// <param name="resources">The component instance's resource handle table, shared by all of its resource types.</param>
    public CanonicalOptions(GuestMemory? memory, ReallocFunction? realloc, StringEncoding stringEncoding, ResourceTables resources)
    {
        this.memory = memory;
        this.realloc = realloc;
        StringEncoding = stringEncoding;
        Resources = resources;
    }

    /// <summary>The guest memory; traps when the function was declared without a <c>memory</c> option.</summary>
    public GuestMemory Memory => memory ?? throw new CanonicalAbiTrapException("the function has no memory option but its values need guest memory");

    /// <summary>The string encoding of the function.</summary>
    public StringEncoding StringEncoding { get; }

    /// <summary>The resource handle table of the component instance this function belongs to, viewed per resource type with <see cref="ResourceTables.For"/>.</summary>
    public ResourceTables Resources { get; }

    /// <summary>
    /// Calls <c>cabi_realloc</c> and checks the returned block is aligned and inside memory; a bad result traps.
    /// </summary>
    /// <param name="originalPointer">Block to resize, or 0 for a fresh allocation.</param>
    /// <param name="originalSize">Size of that block, or 0.</param>
    /// <param name="alignment">Required alignment (a power of two).</param>
    /// <param name="newSize">Requested size in bytes.</param>
    public int Realloc(int originalPointer, int originalSize, int alignment, int newSize)
    {
        if (realloc is null)
        {
            throw new CanonicalAbiTrapException("the function has no realloc option but lowering its values needs guest allocation");
        }

        var pointer = realloc(originalPointer, originalSize, alignment, newSize);
        Memory.Region("cabi_realloc result", pointer, (uint)newSize, alignment);
        return pointer;
    }
}
