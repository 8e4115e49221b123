// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const push = vi.fn();
vi.mock('next/navigation', () => ({ useRouter: () => ({ push }) }));

const { CreateRoomForm, JoinRoomForm, roomFromInput } = await import('../../app/components/HomeForms');
const { RecentRooms } = await import('../../app/components/RecentRooms');

beforeEach(() => {
  push.mockReset();
  localStorage.clear();
});
afterEach(cleanup);

describe('joining by code', () => {
  it('accepts a code or a pasted room link', () => {
    expect(roomFromInput('  Calm-Otter-42 ')).toBe('calm-otter-42');
    expect(roomFromInput('http://192.168.1.5:3000/r/calm-otter-42#z=1,2')).toBe('calm-otter-42');
    expect(roomFromInput('no')).toBeNull();
    expect(roomFromInput('spaces are not allowed')).toBeNull();
  });

  it('explains what a room code looks like instead of navigating to a bad one', async () => {
    const lookup = vi.fn(async (room: string) => ({ ok: true as const, value: { id: room, model: 'vae' as const, participants: 3 } }));
    render(<JoinRoomForm lookup={lookup} />);
    fireEvent.change(screen.getByLabelText('Room code or link'), { target: { value: 'x' } });
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Join' })));
    expect(push).not.toHaveBeenCalled();
    expect(lookup).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toMatch(/3 to 40/);
    fireEvent.change(screen.getByLabelText('Room code or link'), { target: { value: 'Calm-Otter-42' } });
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Join' })));
    expect(lookup).toHaveBeenCalledWith('calm-otter-42');
    expect(push).toHaveBeenCalledWith('/r/calm-otter-42');
  });

  it('checks the code first and says clearly when there is no such room', async () => {
    const lookup = vi.fn(async () => ({ ok: false as const, status: 404, message: 'no room' }));
    render(<JoinRoomForm lookup={lookup} />);
    fireEvent.change(screen.getByLabelText('Room code or link'), { target: { value: 'calm-otter-43' } });
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Join' })));
    expect(push).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe('There is no room “calm-otter-43”. Check the code on the projector, or create a room.');
  });
});

describe('creating a room', () => {
  it('creates a room with the chosen model, keeps the host key and opens the room', async () => {
    const create = vi.fn(async () => ({ ok: true as const, value: { room: 'brave-fox-7', hostKey: 'h'.repeat(24) } }));
    render(<CreateRoomForm create={create} />);
    fireEvent.click(screen.getByLabelText('Autoencoder (AE)'));
    await act(async () => void fireEvent.click(screen.getByTestId('create-room')));
    expect(create).toHaveBeenCalledWith('ae');
    expect(localStorage.getItem('lp:host:brave-fox-7')).toBe('h'.repeat(24));
    expect(push).toHaveBeenCalledWith('/r/brave-fox-7');
  });

  it('says why a room could not be created', async () => {
    const create = vi.fn(async () => ({ ok: false as const, status: null, message: 'Cannot reach the server. Check your network.' }));
    render(<CreateRoomForm create={create} />);
    await act(async () => void fireEvent.click(screen.getByTestId('create-room')));
    expect(screen.getByRole('alert').textContent).toMatch(/cannot reach the server/i);
    expect(push).not.toHaveBeenCalled();
  });
});

describe('recent rooms', () => {
  it('lists rooms visited in this browser and forgets one on request', async () => {
    localStorage.setItem('lp:recent', JSON.stringify([{ room: 'calm-otter', model: 'vae', host: true, visitedAt: 1 }, { room: 'brave-fox', model: 'ae', host: false, visitedAt: 2 }]));
    render(<RecentRooms />);
    expect(screen.getAllByRole('link').map((a) => a.textContent)).toEqual(['brave-fox', 'calm-otter']);
    fireEvent.click(screen.getByRole('button', { name: 'Forget room brave-fox' }));
    expect(screen.getAllByRole('link').map((a) => a.textContent)).toEqual(['calm-otter']);
  });
});
