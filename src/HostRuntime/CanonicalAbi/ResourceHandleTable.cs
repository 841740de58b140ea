namespace WitSharp.HostRuntime.CanonicalAbi;

/// <summary>
/// The handles of one resource type in its instance's table (<see cref="ResourceTables.For"/>): a view of the one table
/// all of the instance's resource types share, so its indexes (which travel as i32; 0 is never valid) are numbered
/// together with the other types' handles. Owned handles may be lent out as borrows for the duration of a call; a
/// borrowed handle must be dropped before the call returns. Unknown, freed (dangling) or misused indexes trap, and so
/// does a handle of another resource type (CanonicalABI.md's <c>trap_if(h.rt is not rt)</c>).
/// </summary>
public sealed class ResourceHandleTable
{
    private readonly ResourceTables table;

    internal ResourceHandleTable(ResourceTables table, string resourceKey)
    {
        this.table = table;
        ResourceKey = resourceKey;
    }

    /// <summary>The resource type's key, e.g. <c>wasi:io/streams@0.2.0#output-stream</c>, as trap messages name it.</summary>
    public string ResourceKey { get; internal set; }

    /// <summary>Number of borrow handles currently in the instance's table, of all resource types: a call's borrows
    /// are counted per call, not per type.</summary>
    public int OutstandingBorrows => table.OutstandingBorrows;

    /// <summary>Adds a handle of this type for <paramref name="representation"/> and returns its index.</summary>
    /// <param name="representation">The resource's i32 representation.</param>
    /// <param name="own">True for an owned handle, false for a borrow.</param>
    /// <exception cref="CanonicalAbiTrapException">The table already holds <see cref="ResourceTables.MaxHandle"/> handles.</exception>
    public int Add(int representation, bool own) => table.Add(this, representation, own);

    /// <summary>Returns the representation behind a live handle of this type.</summary>
    public int Representation(int index) => table.Live(index, this).Representation;

    /// <summary>Whether a live handle of this type is owned (true) or a borrow (false).</summary>
    public bool IsOwn(int index) => table.Live(index, this).Own;

    /// <summary>
    /// Lends a live handle of this type (owned or borrowed) to the host call being made, as CanonicalABI.md's
    /// <c>lift_borrow</c> does (<c>add_lender</c>), and returns its representation. Until <see cref="ResourceTables.EndLends"/>
    /// ends the call's lends the handle cannot be removed, so the same handle passed as a borrow and as an <c>own</c> in
    /// one call traps.
    /// </summary>
    /// <param name="index">The handle the component passed.</param>
    public int Lend(int index) => table.Lend(index, this);

    /// <summary>Removes a handle of this type (a drop; an ownership transfer uses <see cref="RemoveOwned"/>) and returns
    /// its representation. A handle that is lent out traps.</summary>
    public int Remove(int index) => table.Remove(index, this);

    /// <summary>
    /// Removes an owned handle whose ownership leaves the component (an <c>own</c> lifted out of its table) and returns its
    /// representation. As CanonicalABI.md's <c>lift_own</c> requires, a borrow handle or an owned handle that is lent out traps.
    /// </summary>
    public int RemoveOwned(int index)
    {
        ref var entry = ref table.Live(index, this);
        if (entry.Lends > 0)
        {
            throw new CanonicalAbiTrapException($"resource handle {index} is lent to this call as a borrow, so it cannot also be passed as an owned handle");
        }

        if (!entry.Own)
        {
            throw new CanonicalAbiTrapException($"resource handle {index} is a borrow, but an owned handle is required");
        }

        return Remove(index);
    }

    /// <summary>
    /// Removes every borrow handle of the instance, of all resource types. The host calls it when an export call it lent
    /// borrows to ends: the component has dropped them all if the call completed (<see cref="CheckNoOutstandingBorrows"/>),
    /// and none reached it if lowering the arguments failed, so the borrows lent so far must not stay behind. Cheap when
    /// there are none.
    /// </summary>
    public void RemoveBorrows() => table.RemoveBorrows();

    /// <summary>Traps if a call is returning while borrow handles it received, of any resource type, are still in the table.</summary>
    public void CheckNoOutstandingBorrows() => table.CheckNoOutstandingBorrows();
}
