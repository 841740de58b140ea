namespace WitSharp.HostRuntime.CanonicalAbi;

/// <summary>
/// The view generated bindings have of one guest instance: its linear memory, its <c>cabi_realloc</c>, and its
/// exported core functions as typed delegates (e.g. <c>Func&lt;int, int, int&gt;</c>), fetched once by export
/// name so calls need no boxing. The component runtime implements this on the WebAssembly engine.
/// </summary>
public abstract class GuestInstance
{
    /// <summary>The instance's linear memory.</summary>
    public abstract GuestMemory Memory { get; }

    /// <summary>Returns the core export <paramref name="name"/> as a delegate of the given core signature.</summary>
    /// <typeparam name="TDelegate">A <c>Func</c>/<c>Action</c> over core value types (int, long, float, double).</typeparam>
    /// <param name="name">The core export name, e.g. <c>novywave:plugins/types#init</c>.</param>
    public abstract TDelegate GetExport<TDelegate>(string name) where TDelegate : Delegate;

    /// <summary>Calls the guest's <c>cabi_realloc</c> without checking its result.</summary>
    protected abstract int InvokeRealloc(int originalPointer, int originalSize, int alignment, int newSize);

    /// <summary>
    /// Calls <c>cabi_realloc</c> and checks the returned block is aligned and inside memory; a bad result traps.
    /// </summary>
    /// <param name="originalPointer">Block to resize, or 0 for a fresh allocation.</param>
    /// <param name="originalSize">Size of that block, or 0.</param>
    /// <param name="alignment">Required alignment (a power of two).</param>
    /// <param name="newSize">Requested size in bytes.</param>
    public int Realloc(int originalPointer, int originalSize, int alignment, int newSize)
    {
        var pointer = InvokeRealloc(originalPointer, originalSize, alignment, newSize);
        Memory.Region("cabi_realloc result", pointer, (uint)newSize, alignment);
        return pointer;
    }
}
