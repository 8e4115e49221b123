'use client';
/**
 * The playground page: the plane with its controls, and the panels beside it (or, on a phone,
 * below it: the plane first, then your digit and the record button, then the rest).
 */
import { ClassSigns } from './ClassSigns';
import { ConnectionBanner, Messages } from './ConnectionStatus';
import { DigitGallery } from './DigitGallery';
import { DrawingsPanel } from './DrawingsPanel';
import { DrawPad } from './DrawPad';
import { HostControls } from './HostControls';
import { LatentPlane } from './LatentPlane';
import { Legend } from './Legend';
import { NamePrompt } from './NamePrompt';
import { PathsPanel } from './PathsPanel';
import { PeoplePanel } from './PeoplePanel';
import { PlaneToolbar } from './PlaneToolbar';
import { RecordPanel } from './RecordPanel';
import { ReplaysPanel } from './ReplaysPanel';
import { RoomHeader } from './RoomHeader';
import { RoundBanner } from './RoundBanner';
import { TimelinePanel } from './TimelinePanel';
import { RoomProvider } from './RoomServices';
import { YourDigit } from './YourDigit';

export function RoomApp({ room }: { room: string }) {
  return (
    <RoomProvider room={room} detail="auto">
      <div className="room-page">
        <RoomHeader />
        <ConnectionBanner />
        <Messages />
        <main className="room-layout">
          <div className="plane-column">
            <PlaneToolbar />
            <div className="plane-stage">
              <LatentPlane>
                <ClassSigns />
              </LatentPlane>
              <NamePrompt />
            </div>
            <Legend />
          </div>
          <div className="side-column">
            <RoundBanner />
            <TimelinePanel />
            <div className="you-row">
              <YourDigit />
              <RecordPanel />
            </div>
            <DrawPad />
            <DrawingsPanel />
            <ReplaysPanel />
            <HostControls />
            <DigitGallery />
            <PathsPanel />
            <PeoplePanel />
          </div>
        </main>
      </div>
    </RoomProvider>
  );
}
