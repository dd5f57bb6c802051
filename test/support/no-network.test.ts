describe('the unit lane', () => {
  it('refuses a socket, saying which lane the test belongs in', async () => {
    const error = (await fetch('http://127.0.0.1:59999/').catch((thrown: unknown) => thrown)) as {
      cause?: unknown;
    };
    expect(String(error.cause)).toContain('the unit lane opens no sockets');
  });
});
