using Casus.Web.Features.Cases;

namespace Casus.Tests.Features.Cases;

/// <summary>The lifecycle rule: the forward flow, the documented back-steps, and what is never allowed.</summary>
public sealed class CaseLifecycleTests
{
    [Theory]
    [InlineData(CaseStage.Intake, CaseStage.InConsultation)]
    [InlineData(CaseStage.InConsultation, CaseStage.ActionPlanActive)]
    [InlineData(CaseStage.ActionPlanActive, CaseStage.Monitoring)]
    [InlineData(CaseStage.Monitoring, CaseStage.Closed)]
    [InlineData(CaseStage.Closed, CaseStage.Aftercare)]
    public void The_forward_flow_is_allowed(CaseStage from, CaseStage to) => Assert.True(CaseLifecycle.CanMove(from, to));

    [Theory]
    [InlineData(CaseStage.InConsultation, CaseStage.Intake)]
    [InlineData(CaseStage.ActionPlanActive, CaseStage.InConsultation)]
    [InlineData(CaseStage.Monitoring, CaseStage.ActionPlanActive)]
    [InlineData(CaseStage.Closed, CaseStage.InConsultation)]
    [InlineData(CaseStage.Aftercare, CaseStage.InConsultation)]
    [InlineData(CaseStage.Aftercare, CaseStage.Closed)]
    public void The_documented_back_steps_are_allowed(CaseStage from, CaseStage to) => Assert.True(CaseLifecycle.CanMove(from, to));

    [Theory]
    [InlineData(CaseStage.Intake, CaseStage.ActionPlanActive)]
    [InlineData(CaseStage.Intake, CaseStage.Monitoring)]
    [InlineData(CaseStage.Intake, CaseStage.Aftercare)]
    [InlineData(CaseStage.InConsultation, CaseStage.Monitoring)]
    [InlineData(CaseStage.Monitoring, CaseStage.Aftercare)]
    [InlineData(CaseStage.Monitoring, CaseStage.Intake)]
    [InlineData(CaseStage.Closed, CaseStage.Intake)]
    [InlineData(CaseStage.Closed, CaseStage.Monitoring)]
    [InlineData(CaseStage.Aftercare, CaseStage.Monitoring)]
    public void Skipping_stages_is_not_allowed(CaseStage from, CaseStage to) => Assert.False(CaseLifecycle.CanMove(from, to));

    [Fact]
    public void No_stage_moves_to_itself_and_every_open_stage_can_close()
    {
        foreach (var stage in Enum.GetValues<CaseStage>())
        {
            Assert.False(CaseLifecycle.CanMove(stage, stage));
            if (CaseLifecycle.IsOpen(stage))
            {
                Assert.True(CaseLifecycle.CanMove(stage, CaseStage.Closed));
            }
        }
    }

    [Fact]
    public void Aftercare_only_follows_closing()
    {
        var into = Enum.GetValues<CaseStage>().Where(s => CaseLifecycle.CanMove(s, CaseStage.Aftercare));
        Assert.Equal([CaseStage.Closed], into);
    }
}
