using WitSharp.HostRuntime.CanonicalAbi;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>An instance's one handle table (CanonicalABI.md's <c>Table</c> of <c>ResourceHandle</c>s), through the
/// per-type views <see cref="ResourceTables.For"/> returns.</summary>
public sealed class ResourceTablesTests
{
    private const string FileKey = "witsharp:test/files@1.0.0#file";
    private const string DirectoryKey = "witsharp:test/files@1.0.0#directory";

    private static ResourceHandleTable Files() => new ResourceTables().For(FileKey);

    [Fact]
    public void Handles_start_at_one_and_freed_indexes_are_reused()
    {
        var table = Files();
        var first = table.Add(100, own: true);
        Assert.Equal(1, first);
        Assert.Equal(100, table.Remove(first));
        Assert.Equal(1, table.Add(200, own: true));
        Assert.Equal(200, table.Representation(1));
    }

    [Fact]
    public void Handles_of_two_types_share_one_index_space_and_the_most_recently_freed_index_is_reused_first()
    {
        var tables = new ResourceTables();
        var files = tables.For(FileKey);
        var directories = tables.For(DirectoryKey);

        Assert.Equal(new[] { 1, 2, 3 }, new[] { files.Add(10, own: true), directories.Add(20, own: true), files.Add(30, own: true) });
        Assert.Equal(10, files.Remove(1));
        Assert.Equal(30, files.Remove(3));

        Assert.Equal(3, directories.Add(40, own: true));
        Assert.Equal(1, files.Add(50, own: true));
        Assert.Equal(4, files.Add(60, own: true));
        Assert.Equal(new[] { 20, 40 }, new[] { directories.Representation(2), directories.Representation(3) });
        Assert.Same(files, tables.For(FileKey));
    }

    [Fact]
    public void A_handle_of_another_type_traps_in_every_operation_and_stays_in_place()
    {
        var tables = new ResourceTables();
        var file = tables.For(FileKey).Add(10, own: true);
        var directories = tables.For(DirectoryKey);
        var expected = $"resource handle {file} has the wrong type: it is a handle of {FileKey}, but a handle of {DirectoryKey} is required";

        foreach (var operation in new Action[]
                 {
                     () => directories.Representation(file),
                     () => directories.IsOwn(file),
                     () => directories.Lend(file),
                     () => directories.Remove(file),
                     () => directories.RemoveOwned(file),
                 })
        {
            Assert.Equal(expected, Assert.Throws<CanonicalAbiTrapException>(operation).Message);
        }

        Assert.Equal(10, tables.For(FileKey).RemoveOwned(file));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(7)]
    public void Forged_index_traps(int index)
    {
        var table = Files();
        table.Add(1, own: true);
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => table.Representation(index));
        Assert.Equal($"resource handle {index} is not a live handle of this instance", trap.Message);
    }

    [Fact]
    public void RemoveOwned_traps_on_a_borrow_or_a_lent_handle_and_leaves_it_in_place()
    {
        var tables = new ResourceTables();
        var table = tables.For(FileKey);
        var owned = table.Add(10, own: true);
        var borrow = table.Add(20, own: false);

        var trap = Assert.Throws<CanonicalAbiTrapException>(() => table.RemoveOwned(borrow));
        Assert.Equal($"resource handle {borrow} is a borrow, but an owned handle is required", trap.Message);
        Assert.Equal(20, table.Representation(borrow));
        Assert.Equal(10, table.Lend(owned));
        Assert.Throws<CanonicalAbiTrapException>(() => table.RemoveOwned(owned));
        tables.EndLends();
        Assert.Equal(10, table.RemoveOwned(owned));
    }

    [Fact]
    public void RemoveBorrows_withdraws_every_borrow_of_every_type_and_keeps_owned_handles()
    {
        var tables = new ResourceTables();
        var files = tables.For(FileKey);
        var directories = tables.For(DirectoryKey);
        var owned = files.Add(10, own: true);
        var borrow = files.Add(20, own: false);
        var second = directories.Add(30, own: false);
        Assert.Equal(2, files.OutstandingBorrows);
        Assert.Equal(2, directories.OutstandingBorrows);

        files.RemoveBorrows();

        Assert.Equal(0, directories.OutstandingBorrows);
        directories.CheckNoOutstandingBorrows();
        Assert.Equal(10, files.Representation(owned));
        Assert.Throws<CanonicalAbiTrapException>(() => files.Representation(borrow));
        Assert.Throws<CanonicalAbiTrapException>(() => directories.Representation(second));
        Assert.Equal(new[] { second, borrow }, new[] { files.Add(1, own: true), files.Add(2, own: true) });
    }

    [Fact]
    public void A_borrow_of_one_type_left_at_call_return_traps_through_any_types_view()
    {
        var tables = new ResourceTables();
        var borrow = tables.For(FileKey).Add(9, own: false);

        var trap = Assert.Throws<CanonicalAbiTrapException>(tables.For(DirectoryKey).CheckNoOutstandingBorrows);

        Assert.Equal("1 borrowed resource handle(s) were not dropped before the call returned", trap.Message);
        tables.For(FileKey).Remove(borrow);
        tables.For(DirectoryKey).CheckNoOutstandingBorrows();
    }

    [Fact]
    public void Dangling_index_traps()
    {
        var table = Files();
        var handle = table.Add(5, own: true);
        table.Remove(handle);
        Assert.Throws<CanonicalAbiTrapException>(() => table.Remove(handle));
    }

    [Fact]
    public void Lent_handle_cannot_be_dropped_until_lend_ends()
    {
        var tables = new ResourceTables();
        var table = tables.For(FileKey);
        var handle = table.Add(5, own: true);
        table.Lend(handle);
        table.Lend(handle);
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => table.Remove(handle));
        Assert.Equal($"resource handle {handle} cannot be dropped while it is lent out (2 borrows)", trap.Message);
        tables.EndLends();
        Assert.Equal(5, table.Remove(handle));
    }

    [Fact]
    public void Table_grows_past_initial_capacity()
    {
        var table = Files();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(i + 1, table.Add(i, own: true));
        }

        Assert.Equal(19, table.Representation(20));
    }

    [Fact]
    public void Adding_beyond_the_highest_index_traps_and_a_freed_index_is_still_reused()
    {
        var tables = new ResourceTables(maxHandle: 3);
        var files = tables.For(FileKey);
        var directories = tables.For(DirectoryKey);
        files.Add(1, own: true);
        directories.Add(2, own: true);
        files.Add(3, own: true);

        var trap = Assert.Throws<CanonicalAbiTrapException>(() => directories.Add(4, own: true));

        Assert.Equal("the resource handle table is full: it holds at most 3 handles", trap.Message);
        directories.Remove(2);
        Assert.Equal(2, files.Add(5, own: true));
        Assert.Equal((1 << 28) - 1, ResourceTables.MaxHandle);
    }

    [Fact]
    public void A_renamed_type_keeps_its_handles_and_the_old_key_names_a_new_type()
    {
        var tables = new ResourceTables();
        var handle = tables.For("#resource0").Add(7, own: true);

        tables.Rename("#resource0", FileKey);
        tables.Alias("[export]" + FileKey, FileKey);

        Assert.Equal(7, tables.For(FileKey).Representation(handle));
        Assert.Same(tables.For(FileKey), tables.For("[export]" + FileKey));
        Assert.Equal(FileKey, tables.For("[export]" + FileKey).ResourceKey);
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => tables.For("#resource0").Representation(handle));
        Assert.Equal($"resource handle {handle} has the wrong type: it is a handle of {FileKey}, but a handle of #resource0 is required", trap.Message);
    }

    [Fact]
    public void Undoing_a_lowering_removes_its_handles_and_the_same_indexes_come_next()
    {
        var tables = new ResourceTables();
        var files = tables.For(FileKey);
        var directories = tables.For(DirectoryKey);
        Assert.Equal(new[] { 1, 2, 3 }, new[] { files.Add(10, own: true), files.Add(20, own: true), files.Add(30, own: true) });
        Assert.Equal(20, files.Remove(2));

        tables.BeginLowering();
        Assert.Equal(new[] { 2, 4, 5 }, new[] { files.Add(40, own: true), files.Add(50, own: false), directories.Add(60, own: true) });
        tables.UndoLowering();

        Assert.Equal(0, files.OutstandingBorrows);
        foreach (var index in new[] { 2, 4, 5 })
        {
            Assert.Equal(
                $"resource handle {index} is not a live handle of this instance",
                Assert.Throws<CanonicalAbiTrapException>(() => files.Representation(index)).Message);
        }

        Assert.Equal(new[] { 10, 30 }, new[] { files.Representation(1), files.Representation(3) });
        Assert.Equal(new[] { 2, 4 }, new[] { directories.Add(70, own: true), files.Add(80, own: true) });
    }

    [Fact]
    public void Handles_of_a_finished_lowering_stay_and_later_ones_are_not_recorded()
    {
        var tables = new ResourceTables();
        var files = tables.For(FileKey);

        tables.BeginLowering();
        var lowered = files.Add(10, own: true);
        tables.EndLowering();
        var later = files.Add(20, own: true);
        tables.UndoLowering();

        Assert.Equal(new[] { 10, 20 }, new[] { files.Representation(lowered), files.Representation(later) });
        Assert.Equal(3, files.Add(30, own: true));
    }
}
