using WitSharp.Wasm;

namespace WitSharp.HostRuntime.CanonicalAbi;

/// <summary>
/// A component instance's resource handles: one table shared by all of its resource types, as CanonicalABI.md's
/// <c>handles</c> table. Handles of every type are numbered in one index space (0 is never valid; a freed index is
/// reused, the most recently freed first), and every handle records its type. <see cref="For"/> returns the table of
/// one resource type, a view that traps on a handle of any other type.
/// </summary>
public sealed class ResourceTables
{
    /// <summary>The highest handle index (CanonicalABI.md's <c>Table.MAX_LENGTH</c>, 2^28 - 1): the high 4 bits of a
    /// handle stay free for the guest's own use. Adding a handle beyond it traps.</summary>
    public const int MaxHandle = (1 << 28) - 1;

    private readonly Dictionary<string, ResourceHandleTable> types = new(StringComparer.Ordinal);
    private readonly Stack<int> freeIndexes = new();

    // The handles lent to the running host call (a handle lent twice is listed twice); a lent handle cannot be removed.
    private readonly List<int> lenders = [];

    // While an export call's arguments are lowered (BeginLowering): the handles added so far, each with whether it took a
    // new index (else it reused a freed one), so that a call failing before the guest runs can take them out exactly.
    private readonly List<(int Index, bool Appended)> loweredHandles = [];
    private bool lowering;

    private readonly int maxHandle;
    private Entry[] entries = new Entry[8];
    private int nextIndex = 1;

    /// <summary>Creates an instance's empty table, with the Canonical ABI's own limit.</summary>
    public ResourceTables()
        : this(MaxHandle)
    {
    }

    /// <summary>
    /// Creates an instance's empty table whose indexes stop at <paramref name="maxHandle"/>: an implementation limit
    /// below the Canonical ABI's, so that a guest creating handles in a loop traps before the host runs out of memory
    /// (each handle costs the host a table entry). The component runtime uses the store's
    /// <see cref="StoreLimits.MaxTableElements"/>.
    /// </summary>
    /// <param name="maxHandle">The highest handle index, from 1 to <see cref="MaxHandle"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxHandle"/> is out of range.</exception>
    public ResourceTables(int maxHandle)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHandle, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxHandle, MaxHandle);
        this.maxHandle = maxHandle;
    }

    /// <summary>The table of an instance created in a store with <paramref name="limits"/>.</summary>
    internal static ResourceTables Within(StoreLimits limits) => new((int)Math.Min(MaxHandle, limits.MaxTableElements));

    /// <summary>Number of borrow handles currently in the table, of all resource types: the borrows lent to the
    /// running call (an instance runs one call at a time).</summary>
    internal int OutstandingBorrows { get; private set; }

    /// <summary>Returns the table of one resource type, created on first use.</summary>
    /// <param name="resourceKey">The resource's interface-qualified name, e.g. <c>wasi:io/streams@0.2.0#output-stream</c>.</param>
    public ResourceHandleTable For(string resourceKey)
    {
        if (!types.TryGetValue(resourceKey, out var type))
        {
            type = new ResourceHandleTable(this, resourceKey);
            types.Add(resourceKey, type);
        }

        return type;
    }

    /// <summary>Makes <paramref name="alias"/> a second key of <paramref name="resourceKey"/>'s type.</summary>
    internal void Alias(string alias, string resourceKey) => types[alias] = For(resourceKey);

    /// <summary>Moves a type to a new key: a resource the component defines is keyed by a placeholder until its
    /// export names it, and handles created before that (by a core start function) keep their type.</summary>
    internal void Rename(string from, string to)
    {
        if (types.Remove(from, out var type))
        {
            type.ResourceKey = to;
            types.Add(to, type);
        }
    }

    /// <summary>CanonicalABI.md's <c>Table.add</c>: reuses the most recently freed index, else appends.</summary>
    internal int Add(ResourceHandleTable type, int representation, bool own)
    {
        int index;
        var appended = freeIndexes.Count == 0;
        if (!appended)
        {
            index = freeIndexes.Pop();
        }
        else
        {
            if (nextIndex > maxHandle)
            {
                throw new CanonicalAbiTrapException($"the resource handle table is full: it holds at most {maxHandle} handles");
            }

            index = nextIndex++;
            if (index == entries.Length)
            {
                Array.Resize(ref entries, entries.Length * 2);
            }
        }

        entries[index] = new Entry { Type = type, Own = own, Representation = representation };
        if (!own)
        {
            OutstandingBorrows++;
        }

        if (lowering)
        {
            loweredHandles.Add((index, appended));
        }

        return index;
    }

    /// <summary>
    /// Starts recording the handles the host adds while it lowers an export call's arguments (owned handles moved into
    /// the component, borrows lent to it), so that <see cref="UndoLowering"/> can take them out again if lowering fails
    /// with a host error before the component runs. Generated export proxies of functions taking owned handles and
    /// dynamic calls (<c>ComponentFunction.Invoke</c>) call it.
    /// </summary>
    public void BeginLowering()
    {
        loweredHandles.Clear();
        lowering = true;
    }

    /// <summary>Stops recording: the arguments are lowered and the component is about to run, so their handles are its own.</summary>
    public void EndLowering()
    {
        lowering = false;
        loweredHandles.Clear();
    }

    /// <summary>
    /// Removes the handles added since <see cref="BeginLowering"/>, newest first, so the table is as it was before the call
    /// (the same indexes are handed out next), and stops recording. The component never saw them, so no destructor runs;
    /// the caller takes back the objects and handles it moved. Cheap when nothing was added.
    /// </summary>
    public void UndoLowering()
    {
        for (var i = loweredHandles.Count - 1; i >= 0; i--)
        {
            var (index, appended) = loweredHandles[i];
            if (!entries[index].Own)
            {
                OutstandingBorrows--;
            }

            entries[index] = default;
            if (appended)
            {
                nextIndex--;
            }
            else
            {
                freeIndexes.Push(index);
            }
        }

        EndLowering();
    }

    /// <summary>The live handle at <paramref name="index"/>, which must be of <paramref name="type"/>.</summary>
    internal ref Entry Live(int index, ResourceHandleTable type)
    {
        if (index <= 0 || index >= nextIndex || entries[index].Type is null)
        {
            throw new CanonicalAbiTrapException($"resource handle {index} is not a live handle of this instance");
        }

        ref var entry = ref entries[index];
        if (entry.Type != type)
        {
            throw new CanonicalAbiTrapException(
                $"resource handle {index} has the wrong type: it is a handle of {entry.Type!.ResourceKey}, but a handle of {type.ResourceKey} is required");
        }

        return ref entry;
    }

    /// <summary>Records a lend of a live handle of <paramref name="type"/> to the running host call; returns its representation.</summary>
    internal int Lend(int index, ResourceHandleTable type)
    {
        ref var entry = ref Live(index, type);
        entry.Lends++;
        lenders.Add(index);
        return entry.Representation;
    }

    /// <summary>
    /// Ends the lends of the host call that is returning (CanonicalABI.md's subtask resolution: every lender's
    /// <c>num_lends</c> drops by one). Generated import code calls it after the host's implementation returned. Cheap when
    /// nothing was lent.
    /// </summary>
    public void EndLends()
    {
        foreach (var index in lenders)
        {
            entries[index].Lends--;
        }

        lenders.Clear();
    }

    /// <summary>Removes a live handle of <paramref name="type"/> that is not lent out and returns its representation.</summary>
    internal int Remove(int index, ResourceHandleTable type)
    {
        ref var entry = ref Live(index, type);
        if (entry.Lends > 0)
        {
            throw new CanonicalAbiTrapException(
                $"resource handle {index} cannot be dropped while it is lent out ({entry.Lends} borrows)");
        }

        if (!entry.Own)
        {
            OutstandingBorrows--;
        }

        var representation = entry.Representation;
        Free(index);
        return representation;
    }

    /// <summary>Removes every borrow handle, of all types.</summary>
    internal void RemoveBorrows()
    {
        for (var index = 1; OutstandingBorrows > 0 && index < nextIndex; index++)
        {
            if (entries[index] is { Type: not null, Own: false })
            {
                Free(index);
                OutstandingBorrows--;
            }
        }
    }

    /// <summary>Traps if borrow handles of any type are still in the table.</summary>
    internal void CheckNoOutstandingBorrows()
    {
        if (OutstandingBorrows != 0)
        {
            throw new CanonicalAbiTrapException(
                $"{OutstandingBorrows} borrowed resource handle(s) were not dropped before the call returned");
        }
    }

    private void Free(int index)
    {
        entries[index] = default;
        freeIndexes.Push(index);
    }

    /// <summary>CanonicalABI.md's <c>ResourceHandle</c>; a free slot has no type.</summary>
    internal struct Entry
    {
        public ResourceHandleTable? Type;
        public bool Own;
        public int Representation;
        public int Lends;
    }
}
