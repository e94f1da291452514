using System.Text;
using Braid.Ssh.HostKeys;

namespace Braid.Ssh.Tests.HostKeys;

/// <summary>Answers prompts from a script and records everything as a terminal would show it
/// (prompt, echoed answer, messages each on their own line), to compare with real ssh output.</summary>
internal sealed class ScriptedPrompter(params string?[] answers) : IHostKeyPrompter
{
    private readonly Queue<string?> _answers = new(answers);
    private readonly StringBuilder _transcript = new();

    public bool CanPrompt { get; init; } = true;
    public string Transcript => _transcript.ToString();
    public int Questions { get; private set; }

    public string? ReadLine(string prompt)
    {
        Questions++;
        var answer = _answers.Count > 0 ? _answers.Dequeue() : null;
        _transcript.Append(prompt);
        if (answer is not null) _transcript.Append(answer).Append('\n');
        return answer;
    }

    public void Info(string message) => _transcript.Append(message).Append('\n');
    public void Error(string message) => _transcript.Append(message).Append('\n');
    public void Fatal(string message) => _transcript.Append(message).Append('\n');
    /// <summary>debug() lines, kept apart: the transcripts are what ssh shows at the default LogLevel.</summary>
    public List<string> DebugLines { get; } = [];
    public void Debug(string message) => DebugLines.Add(message);
}
