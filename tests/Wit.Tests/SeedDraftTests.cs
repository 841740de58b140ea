namespace WitSharp.Wit.Tests;

public class SeedDraftTests
{
    [Fact]
    public void SeedDraft_ReportsEveryMistakeAtItsOwnLineAndColumn_InOneRun()
    {
        var path = Path.Combine(TestWit.RepositoryRoot(), "tests", "Wit.Tests", "Fixtures", "seed-draft.wit");
        var resolution = WitResolver.ResolvePath(path);

        var errors = resolution.Diagnostics.Select(d => (d.Id, d.Location!.Line, d.Location.Column)).OrderBy(e => e.Line).ToList();
        Assert.Equal(
            [
                ("WIT0102", 4, 1),   // record declared at package top level
                ("WIT0111", 10, 22), // u128
                ("WIT0103", 13, 9),  // variant case written `log: string`
                ("WIT0104", 21, 52), // result<(), e>
            ],
            errors);
        Assert.All(resolution.Diagnostics, d => Assert.Equal(path, d.Location!.Path));
        Assert.Empty(resolution.Packages);
    }

    [Fact]
    public void SeedDraft_MessagesSayHowToFixIt()
    {
        var text = File.ReadAllText(Path.Combine(TestWit.RepositoryRoot(), "tests", "Wit.Tests", "Fixtures", "seed-draft.wit"));
        var messages = TestWit.Resolve(text).Diagnostics.Select(d => d.Message).ToList();
        Assert.Contains(messages, m => m.Contains("belong inside an `interface` or a `world`"));
        Assert.Contains(messages, m => m.Contains("integers go up to 64 bits"));
        Assert.Contains(messages, m => m.Contains("`log(type)`"));
        Assert.Contains(messages, m => m.Contains("`result<_, e>`"));
    }
}
