namespace Nas.Strategies;

/// <summary>A strategy whose whole state can be saved and restored, so a stopped search resumes where it stood.</summary>
public interface IStatefulStrategy : IStrategy
{
    /// <summary>The state as JSON (weights, optimiser, baseline, population, random generators, outstanding proposals).</summary>
    string ExportState();

    /// <summary>Restores a state written by <see cref="ExportState"/> of a strategy built with the same space and settings.</summary>
    /// <param name="json">The text <see cref="ExportState"/> returned.</param>
    void ImportState(string json);
}
