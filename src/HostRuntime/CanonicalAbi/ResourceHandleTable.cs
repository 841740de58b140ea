namespace WitSharp.HostRuntime.CanonicalAbi;

/// <summary>
/// One instance's table of resource handles (indexes into this table travel as i32; 0 is never valid).
/// Owned handles may be lent out as borrows for the duration of a call; a borrowed handle must be dropped
/// before the call returns. Unknown, freed (dangling) or misused indexes trap.
/// </summary>
public sealed class ResourceHandleTable
{
    private struct Entry
    {
        public bool InUse;
        public bool Own;
        public int Representation;
        public int Lends;
    }

    private Entry[] entries = new Entry[8];
    private readonly Stack<int> freeIndexes = new();
    private int nextIndex = 1;

    /// <summary>Number of borrow handles currently in the table.</summary>
    public int OutstandingBorrows { get; private set; }

    /// <summary>Adds a handle for <paramref name="representation"/> and returns its index.</summary>
    /// <param name="representation">The resource's i32 representation.</param>
    /// <param name="own">True for an owned handle, false for a borrow.</param>
    public int Add(int representation, bool own)
    {
        int index;
        if (freeIndexes.Count > 0)
        {
            index = freeIndexes.Pop();
        }
        else
        {
            index = nextIndex++;
            if (index == entries.Length)
            {
                Array.Resize(ref entries, entries.Length * 2);
            }
        }

        entries[index] = new Entry { InUse = true, Own = own, Representation = representation };
        if (!own)
        {
            OutstandingBorrows++;
        }

        return index;
    }

    /// <summary>Returns the representation behind a live handle.</summary>
    public int Representation(int index) => Live(index).Representation;

    /// <summary>Whether a live handle is owned (true) or a borrow (false).</summary>
    public bool IsOwn(int index) => Live(index).Own;

    /// <summary>Records that an owned handle is lent to a call as a borrow.</summary>
    public void Lend(int index) => Live(index).Lends++;

    /// <summary>Ends a lend started by <see cref="Lend"/>.</summary>
    public void EndLend(int index)
    {
        ref var entry = ref Live(index);
        if (entry.Lends == 0)
        {
            throw new CanonicalAbiTrapException($"resource handle {index} has no outstanding lend to end");
        }

        entry.Lends--;
    }

    /// <summary>Removes a handle (drop or ownership transfer) and returns its representation.</summary>
    public int Remove(int index)
    {
        ref var entry = ref Live(index);
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
        entry = default;
        freeIndexes.Push(index);
        return representation;
    }

    /// <summary>
    /// Removes every borrow handle. The host calls it when an export call it lent borrows to ends: the component has
    /// dropped them all if the call completed (<see cref="CheckNoOutstandingBorrows"/>), and none reached it if lowering
    /// the arguments failed, so the borrows lent so far must not stay behind. Cheap when there are none.
    /// </summary>
    public void RemoveBorrows()
    {
        for (var index = 1; OutstandingBorrows > 0 && index < nextIndex; index++)
        {
            if (entries[index].InUse && !entries[index].Own)
            {
                entries[index] = default;
                freeIndexes.Push(index);
                OutstandingBorrows--;
            }
        }
    }

    /// <summary>Traps if a call is returning while borrow handles it received are still in the table.</summary>
    public void CheckNoOutstandingBorrows()
    {
        if (OutstandingBorrows != 0)
        {
            throw new CanonicalAbiTrapException(
                $"{OutstandingBorrows} borrowed resource handle(s) were not dropped before the call returned");
        }
    }

    private ref Entry Live(int index)
    {
        if (index <= 0 || index >= nextIndex || !entries[index].InUse)
        {
            throw new CanonicalAbiTrapException($"resource handle {index} is not a live handle of this instance");
        }

        return ref entries[index];
    }
}
