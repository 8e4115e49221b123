// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NamePrompt } from '../../app/components/NamePrompt';
import { participant, snapshot } from './appFixtures';
import { renderInRoom, testServices } from './appTestServices';

beforeEach(() => localStorage.clear());
afterEach(cleanup);

const you = participant(1, { name: 'Quiet Otter' });
const joined = () => testServices({ status: 'connected', you, room: snapshot({ participants: [you] }) });

describe('the name prompt', () => {
  it('asks a newcomer, renames them and remembers the name for this browser', async () => {
    const s = joined();
    renderInRoom(<NamePrompt />, s);
    fireEvent.change(screen.getByLabelText('Your name'), { target: { value: '  Ada ' } });
    await act(async () => void fireEvent.click(screen.getByTestId('name-prompt-save')));
    expect(s.actions.rename).toHaveBeenCalledWith('Ada');
    expect(localStorage.getItem('lp:name')).toBe('Ada');
    expect(screen.queryByTestId('name-prompt')).toBeNull();
  });

  it('can be skipped, keeping the room’s animal name, and is not asked again', () => {
    renderInRoom(<NamePrompt />, joined());
    expect(screen.getByTestId('name-prompt-skip').textContent).toBe('Skip (be Quiet Otter)');
    fireEvent.click(screen.getByTestId('name-prompt-skip'));
    expect(screen.queryByTestId('name-prompt')).toBeNull();
    cleanup();
    renderInRoom(<NamePrompt />, joined());
    expect(screen.queryByTestId('name-prompt')).toBeNull();
  });

  it('is not shown to someone who already gave a name', () => {
    localStorage.setItem('lp:name', 'Grace');
    renderInRoom(<NamePrompt />, joined());
    expect(screen.queryByTestId('name-prompt')).toBeNull();
  });

  it('uses a name given while still joining once the room answers', async () => {
    const s = testServices({ status: 'connecting' });
    renderInRoom(<NamePrompt />, s);
    fireEvent.change(screen.getByLabelText('Your name'), { target: { value: 'Alan' } });
    await act(async () => void fireEvent.click(screen.getByTestId('name-prompt-save')));
    expect(s.actions.rename).not.toHaveBeenCalled();
    await act(async () => s.roomStore.getState().joined({ you, session: 's'.repeat(20), room: snapshot({ participants: [you] }), paths: [] }));
    expect(s.actions.rename).toHaveBeenCalledWith('Alan');
  });

  it('says beside the form why a name was refused, and stays open', async () => {
    const s = joined();
    s.actions.rename.mockImplementation(async () => {
      s.roomStore.getState().say('error', 'name is at most 24 characters');
      return false;
    });
    renderInRoom(<NamePrompt />, s);
    fireEvent.change(screen.getByLabelText('Your name'), { target: { value: 'Bob' } });
    await act(async () => void fireEvent.click(screen.getByTestId('name-prompt-save')));
    expect(screen.getByTestId('control-error').textContent).toBe('name is at most 24 characters');
    expect(screen.getByTestId('name-prompt')).toBeTruthy();
  });
});
