namespace PolicyDsl.Repl.Interactive;

/// <summary>
/// Runs each task on a thread of its own with a large stack. A REPL submission can explain a long chain of
/// reasoning (Why("p10000")), one level of recursion per step: on a pool thread's stack that overflows and ends the
/// process; here it has the room the command line's worker has. Exceptions stay in the task, as with Task.Run.
/// </summary>
internal sealed class LargeStackScheduler : TaskScheduler
{
    /// <summary>1 GiB of address space per submission; only what is used is committed.</summary>
    private const int StackBytes = 1024 * 1024 * 1024;

    public static readonly LargeStackScheduler Instance = new();

    /// <summary>Starts <paramref name="start"/> on a large-stack thread and gives the task it returns.</summary>
    public static Task<T> Run<T>(Func<Task<T>> start) =>
        Task.Factory.StartNew(start, CancellationToken.None, TaskCreationOptions.DenyChildAttach, Instance).Unwrap();

    protected override void QueueTask(Task task) => new Thread(() => TryExecuteTask(task), StackBytes) { IsBackground = true, Name = "repl submission" }.Start();

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks() => [];
}
