using WitSharp.HostRuntime.CanonicalAbi;

namespace WitSharp.WitGenerator.Tests.CanonicalAbi;

public sealed class ResourceHandleTableTests
{
    [Fact]
    public void Handles_start_at_one_and_freed_indexes_are_reused()
    {
        var table = new ResourceHandleTable();
        var first = table.Add(100, own: true);
        Assert.Equal(1, first);
        Assert.Equal(100, table.Remove(first));
        Assert.Equal(1, table.Add(200, own: true));
        Assert.Equal(200, table.Representation(1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(7)]
    public void Forged_index_traps(int index)
    {
        var table = new ResourceHandleTable();
        table.Add(1, own: true);
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => table.Representation(index));
        Assert.Equal($"resource handle {index} is not a live handle of this instance", trap.Message);
    }

    [Fact]
    public void RemoveBorrows_withdraws_every_borrow_and_keeps_owned_handles()
    {
        var table = new ResourceHandleTable();
        var owned = table.Add(10, own: true);
        var borrow = table.Add(20, own: false);
        var second = table.Add(30, own: false);
        Assert.Equal(2, table.OutstandingBorrows);

        table.RemoveBorrows();

        Assert.Equal(0, table.OutstandingBorrows);
        table.CheckNoOutstandingBorrows();
        Assert.Equal(10, table.Representation(owned));
        Assert.Throws<CanonicalAbiTrapException>(() => table.Representation(borrow));
        Assert.Throws<CanonicalAbiTrapException>(() => table.Representation(second));
        Assert.Equal(new[] { second, borrow }, new[] { table.Add(1, own: true), table.Add(2, own: true) });
    }

    [Fact]
    public void Dangling_index_traps()
    {
        var table = new ResourceHandleTable();
        var handle = table.Add(5, own: true);
        table.Remove(handle);
        Assert.Throws<CanonicalAbiTrapException>(() => table.Remove(handle));
    }

    [Fact]
    public void Lent_handle_cannot_be_dropped_until_lend_ends()
    {
        var table = new ResourceHandleTable();
        var handle = table.Add(5, own: true);
        table.Lend(handle);
        Assert.Throws<CanonicalAbiTrapException>(() => table.Remove(handle));
        table.EndLend(handle);
        Assert.Equal(5, table.Remove(handle));
    }

    [Fact]
    public void Borrow_left_in_table_at_call_return_traps()
    {
        var table = new ResourceHandleTable();
        var borrow = table.Add(9, own: false);
        Assert.Throws<CanonicalAbiTrapException>(table.CheckNoOutstandingBorrows);
        table.Remove(borrow);
        table.CheckNoOutstandingBorrows();
        Assert.Equal(0, table.OutstandingBorrows);
    }

    [Fact]
    public void Table_grows_past_initial_capacity()
    {
        var table = new ResourceHandleTable();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(i + 1, table.Add(i, own: true));
        }

        Assert.Equal(19, table.Representation(20));
    }
}
